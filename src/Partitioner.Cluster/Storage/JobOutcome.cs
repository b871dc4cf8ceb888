namespace Partitioner.Cluster.Storage;

/// <summary>
/// How a job ended, as its gathering step decided: the final state (succeeded or failed), the one-line message,
/// errors, summary and final progress (JSON), the result documents when there is a plan, and other named files (a
/// sweep's table, an ensemble's files).
/// </summary>
public sealed record JobOutcome(JobState State, string? Message, string? ErrorsJson, string? SummaryJson, string? ProgressJson, JobDocuments? Documents)
{
    /// <summary>Files stored with the job's end, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Files { get; init; } = [];
}
