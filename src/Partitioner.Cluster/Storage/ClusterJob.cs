namespace Partitioner.Cluster.Storage;

/// <summary>One job as stored in PostgreSQL (without its input practices and result documents, read separately).</summary>
public sealed record ClusterJob
{
    public required string Id { get; init; }
    public required string Kind { get; init; }

    /// <summary>queued, running, succeeded, failed or cancelled.</summary>
    public required string State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string ParametersJson { get; init; }
    public int PracticeCount { get; init; }
    public int ItemCount { get; init; }
    public string? ProgressJson { get; init; }
    public string? ErrorsJson { get; init; }
    public string? SummaryJson { get; init; }
    public string? Message { get; init; }
    public int Attempts { get; init; }
    public bool CancelRequested { get; init; }
    public bool HasResult { get; init; }

    public bool IsFinished => State is JobStates.Succeeded or JobStates.Failed or JobStates.Cancelled;
}
