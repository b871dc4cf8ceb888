namespace Partitioner.Cluster.Storage;

/// <summary>Where one work item of a job is: its state, the silo running it (or that produced its result), its runs and latest progress.</summary>
public sealed record WorkItemStatus(int Item, string State, string? Silo, int Attempts, string? ProgressJson, string? DoneBy);
