using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Jobs;

/// <summary>
/// One kind of job as independent work items: what its items share (prepared once per process), what item i computes
/// (a pure function of the stored input and i, so it can run on any silo, or twice, with the same result) and how the
/// results, in item order, are gathered into the stored outcome. The embedded worker runs the items in turn, cluster
/// mode on whichever silo claims them; both use these classes, so a job gives the same result in either mode.
/// </summary>
public interface IJobWork
{
    /// <summary>The phase a running item reports ("solving", "sweeping", "sampling").</summary>
    string Phase { get; }

    /// <summary>Reads and prepares a stored job; with <paramref name="work"/>, waits until the service's memory admits it.</summary>
    IPreparedWork Prepare(StoredInput stored, string? specJson, string parametersJson, Action<string>? phase, CancellationToken ct, Work? work = null);

    /// <summary>
    /// Runs item <paramref name="item"/> and returns its result (UTF-8 JSON with a "progress" object); throws when
    /// cancelled. <paramref name="progress"/> hears the item's progress as the JSON a job's status shows.
    /// </summary>
    byte[] Run(IPreparedWork job, int item, IProgress<JsonObject>? progress, CancellationToken ct);

    /// <summary>The job's outcome from its items' results in item order (null where one has none).</summary>
    JobOutcome Gather(Func<IPreparedWork> prepare, string parametersJson, IReadOnlyList<byte[]?> results);
}
