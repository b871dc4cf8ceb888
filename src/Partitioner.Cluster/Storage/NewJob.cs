namespace Partitioner.Cluster.Storage;

/// <summary>
/// A job to store: its input as submitted, its parameters, how many independent work items it has, and what its kind
/// needs besides (<paramref name="SpecJson"/>: a sweep's bands).
/// </summary>
public sealed record NewJob(string Id, string Kind, string? Dataset, byte[]? Practices, string OptionsJson, string? GroupBy,
    string ParametersJson, int PracticeCount, int ItemCount, string? SpecJson = null);
