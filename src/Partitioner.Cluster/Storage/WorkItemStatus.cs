namespace Partitioner.Cluster.Storage;

/// <summary>Where one work item of a job is: its state, the silo running it (or that produced its result), its runs and latest progress.</summary>
public sealed record WorkItemStatus(int Item, string State, string? Silo, int Attempts, string? ProgressJson, string? DoneBy)
{
    /// <summary>
    /// True when the item used up <paramref name="maxRuns"/> runs without a result (each run's worker died or the run
    /// failed unexpectedly) and waits in the queue, never to be claimed again.
    /// </summary>
    public bool Exhausted(int maxRuns) => State == WorkItemStates.Queued && Attempts >= maxRuns;
}
