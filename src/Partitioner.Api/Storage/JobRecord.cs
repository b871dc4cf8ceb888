using Partitioner.Api.Jobs;

namespace Partitioner.Api.Storage;

/// <summary>One stored job (without its input practices and result documents, which are read separately).</summary>
public sealed record JobRecord
{
    public required string Id { get; init; }
    public required JobState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string ParametersJson { get; init; }
    public int PracticeCount { get; init; }
    public string? ProgressJson { get; init; }
    public string? ErrorsJson { get; init; }
    public string? SummaryJson { get; init; }
    public string? Message { get; init; }
    public int Attempts { get; init; }
    public bool HasResult { get; init; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
