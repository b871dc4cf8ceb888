namespace Partitioner.Cluster.Storage;

/// <summary>The states of a job and of a work item, as stored (lower case, as the HTTP API shows them).</summary>
public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>A work item whose result is stored.</summary>
    public const string Done = "done";
}
