namespace Partitioner.Cluster.Storage;

/// <summary>
/// One stored job, as either job store reads it (<see cref="JobRows"/>): without its input practices and result
/// documents, which are read separately.
/// </summary>
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

    /// <summary>A user's cancel is recorded and holds whatever happens to the process running the job.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>The job's result documents (consortia, practices, report) are stored.</summary>
    public bool HasResult { get; init; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
