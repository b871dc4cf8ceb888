namespace Partitioner.Cluster.Storage;

/// <summary>A job's input as submitted: its kind of work (a solve, a sweep, an ensemble), the dataset name or the
/// practices document, the options JSON, the grouping field and its kind's spec (a sweep's bands).</summary>
public sealed record JobInput(string Kind, string? Dataset, byte[]? Practices, string OptionsJson, string? GroupBy, string? SpecJson = null);
