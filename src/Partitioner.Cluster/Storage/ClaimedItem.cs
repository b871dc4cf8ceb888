namespace Partitioner.Cluster.Storage;

/// <summary>A work item a worker has claimed: job, item index and which run of it this is (1 = first).</summary>
public sealed record ClaimedItem(string JobId, int Item, int Attempt);
