namespace Partitioner.Cluster.Storage;

/// <summary>
/// How a job ended, as its gathering step decided: the final state (succeeded or failed), the one-line message,
/// errors, summary and final progress (JSON), and the result documents when there is a plan.
/// </summary>
public sealed record JobOutcome(string State, string? Message, string? ErrorsJson, string? SummaryJson, string? ProgressJson, JobDocuments? Documents);
