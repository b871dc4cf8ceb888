namespace Partitioner.Api.Storage;

/// <summary>A job's input as submitted: the dataset name or the practices document, and the options JSON.</summary>
public sealed record StoredInput(string? Dataset, byte[]? Practices, string OptionsJson, string? GroupBy);
