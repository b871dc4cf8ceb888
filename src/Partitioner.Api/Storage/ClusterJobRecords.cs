using Partitioner.Api.Jobs;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Storage;

/// <summary>The cluster's PostgreSQL job store seen as the API's <see cref="IJobStore"/> (jobs mapped to <see cref="JobRecord"/>s).</summary>
public sealed class ClusterJobRecords(ClusterJobStore store) : IJobStore
{
    public JobRecord? Get(string id) => store.GetAsync(id, CancellationToken.None).GetAwaiter().GetResult() is { } job ? Record(job) : null;

    public byte[]? GetResult(string id, string document) => store.ResultAsync(id, document, CancellationToken.None).GetAwaiter().GetResult();

    public IReadOnlyList<string> SucceededWithResults(int limit) => store.SucceededWithResultsAsync(limit, CancellationToken.None).GetAwaiter().GetResult();

    public int DeleteFinishedBefore(DateTimeOffset before) => store.DeleteFinishedBeforeAsync(before, CancellationToken.None).GetAwaiter().GetResult();

    public static JobRecord Record(ClusterJob job) => new()
    {
        Id = job.Id,
        State = Enum.Parse<JobState>(job.State, ignoreCase: true),
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        FinishedAt = job.FinishedAt,
        ParametersJson = job.ParametersJson,
        PracticeCount = job.PracticeCount,
        ProgressJson = job.ProgressJson,
        ErrorsJson = job.ErrorsJson,
        SummaryJson = job.SummaryJson,
        Message = job.Message,
        Attempts = job.Attempts,
        HasResult = job.HasResult,
    };
}
