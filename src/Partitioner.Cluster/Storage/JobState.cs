namespace Partitioner.Cluster.Storage;

/// <summary>
/// Where a job is in its life: queued → running → succeeded | failed | cancelled. Both job stores (the embedded SQLite
/// one and the cluster's PostgreSQL one) keep it as its <see cref="JobStateNames.Name"/>, the word the HTTP API shows.
/// </summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
