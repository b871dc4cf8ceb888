using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Storage;

/// <summary>
/// What the result readers (OGC collections, GeoPackage downloads) and the clean-up need of the job store, in either
/// mode: SQLite (<see cref="JobStore"/>) or the cluster's PostgreSQL (<see cref="ClusterJobRecords"/>).
/// </summary>
public interface IJobStore
{
    JobRecord? Get(string id);

    /// <summary>One result document: "consortia", "practices" or "report"; null when there is none.</summary>
    byte[]? GetResult(string id, string document);

    /// <summary>Ids of succeeded jobs that have results, newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<string> SucceededWithResults(int limit);

    /// <summary>Deletes finished jobs (and results) that finished before <paramref name="before"/>; returns how many.</summary>
    int DeleteFinishedBefore(DateTimeOffset before);
}
