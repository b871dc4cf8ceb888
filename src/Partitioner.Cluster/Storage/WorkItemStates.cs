namespace Partitioner.Cluster.Storage;

/// <summary>The states of a job's work item, as stored: queued, running, done (its result is stored) or cancelled.</summary>
public static class WorkItemStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}
