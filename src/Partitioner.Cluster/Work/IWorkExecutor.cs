using Partitioner.Cluster.Storage;

namespace Partitioner.Cluster.Work;

/// <summary>
/// What a job's work items compute and how their results are gathered, supplied by the host (the API's solve jobs
/// today; ensembles' chains and sweeps' points plug in the same way). The cluster only moves the work: an item is a
/// pure function of the job's stored input and its index, so running it on another silo, or twice, gives the same result.
/// </summary>
public interface IWorkExecutor
{
    /// <summary>
    /// Runs item <paramref name="item"/> of job <paramref name="jobId"/> and returns its result (stored once). Problems
    /// with the input are part of the result, not exceptions; cancellation throws <see cref="OperationCanceledException"/>.
    /// <paramref name="progress"/> takes the item's progress as JSON.
    /// </summary>
    byte[] Run(string jobId, int item, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>The job's outcome from its items' results, in item order (null where an item has no result).</summary>
    JobOutcome Gather(string jobId, IReadOnlyList<byte[]?> results, CancellationToken cancellationToken);
}
