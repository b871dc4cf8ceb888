namespace Partitioner.Cluster.Grains;

/// <summary>
/// One job's coordinator, keyed by the job id. It lives on any silo; a durable reminder brings it back on a live silo
/// when its silo dies. It watches the job's work items (run by every silo's workers from the PostgreSQL queue),
/// returns abandoned ones to the queue, ends a cancelled job, and gathers the results once every item has one.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Takes charge of a newly stored job (registers its reminder). Idempotent.</summary>
    Task Start();

    /// <summary>A worker stored an item's result, or stopped it for a cancellation: look at the job now.</summary>
    Task ItemFinished(int item);

    /// <summary>The job's cancellation was recorded: end it once nothing of it runs.</summary>
    Task Cancel();
}
