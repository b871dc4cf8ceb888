namespace Partitioner.Cluster.Storage;

/// <summary>A job to store: its input as submitted, its parameters and how many independent work items it has.</summary>
public sealed record NewJob(string Id, string Kind, string? Dataset, byte[]? Practices, string OptionsJson, string? GroupBy,
    string ParametersJson, int PracticeCount, int ItemCount);
