namespace Partitioner.Cluster.Storage;

/// <summary>A job's input as submitted: the dataset name or the practices document, the options JSON and the grouping field.</summary>
public sealed record JobInput(string? Dataset, byte[]? Practices, string OptionsJson, string? GroupBy);
