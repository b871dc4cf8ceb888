using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Storage;

/// <summary>The cluster's PostgreSQL job store seen as the API's <see cref="IJobStore"/> (both stores read the same <see cref="JobRecord"/>).</summary>
public sealed class ClusterJobRecords(ClusterJobStore store) : IJobStore
{
    public JobRecord? Get(string id) => store.GetAsync(id, CancellationToken.None).GetAwaiter().GetResult();

    public byte[]? GetResult(string id, string document) => store.ResultAsync(id, document, CancellationToken.None).GetAwaiter().GetResult();

    public IReadOnlyList<string> SucceededWithResults(int limit) => store.SucceededWithResultsAsync(limit, CancellationToken.None).GetAwaiter().GetResult();

    public int DeleteFinishedBefore(DateTimeOffset before) => store.DeleteFinishedBeforeAsync(before, CancellationToken.None).GetAwaiter().GetResult();
}
