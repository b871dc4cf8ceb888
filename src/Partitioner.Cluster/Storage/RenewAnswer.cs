namespace Partitioner.Cluster.Storage;

/// <summary>What a worker learns when it renews its claim on a running item.</summary>
public enum RenewAnswer
{
    /// <summary>The claim is renewed: go on.</summary>
    Continue,

    /// <summary>The job's cancellation was requested: stop.</summary>
    Cancel,

    /// <summary>The claim is gone (the item was given to another worker, finished elsewhere, or the job deleted): stop and drop the result.</summary>
    Lost,
}
