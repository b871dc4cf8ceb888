using System.Text.Json.Nodes;
using Partitioner.Api.Errors;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Cluster.Work;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Jobs' work items on a worker silo: reads the job's stored input from PostgreSQL, prepares it once per silo (the two
/// most recent jobs are kept: their items often land on the same silo), runs the item with the job's kind of work
/// (<see cref="JobWorks"/>: a solve's seed, a sweep's band) and gathers the same way, exactly as the embedded mode does.
/// </summary>
public sealed class ClusterWorkExecutor(ClusterJobStore store, JobWorks works) : IWorkExecutor
{
    private const int KeptJobs = 2;
    private readonly LinkedList<(string JobId, IJobWork Work, IPreparedWork Job)> _prepared = new();
    private readonly Lock _gate = new();

    public byte[] Run(string jobId, int item, IProgress<string> progress, CancellationToken cancellationToken)
    {
        IJobWork work;
        IPreparedWork job;
        try { (work, job) = Prepared(jobId, progress, cancellationToken); }
        catch (Exception e) when (e is InputException or ApiProblemException) { return SolveWork.Failure(e); }
        progress.Report(ProgressJson.Of(new SolveProgress(TimeSpan.Zero, 0, 0, double.NaN, double.NaN, false), work.Phase).ToJsonString());
        // An input problem found while running (an ensemble chain with no starting plan) is the item's result, as in
        // the embedded mode: the job fails with it rather than the item running again.
        try { return work.Run(job, item, new JsonProgress(progress), cancellationToken); }
        catch (Exception e) when (e is InputException or ApiProblemException) { return SolveWork.Failure(e); }
    }

    public JobOutcome Gather(string jobId, IReadOnlyList<byte[]?> results, CancellationToken cancellationToken)
    {
        var record = store.GetAsync(jobId, cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"Job {jobId} is not in the database.");
        var kind = store.KindAsync(jobId, cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"Job {jobId} is not in the database.");
        return works.For(kind).Gather(() => Prepared(jobId, null, cancellationToken).Job, record.ParametersJson, results);
    }

    private (IJobWork Work, IPreparedWork Job) Prepared(string jobId, IProgress<string>? progress, CancellationToken ct)
    {
        lock (_gate)
            foreach (var (id, work, job) in _prepared)
                if (id == jobId) return (work, job);
        var record = store.GetAsync(jobId, ct).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Job {jobId} is not in the database.");
        var input = store.InputAsync(jobId, ct).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Job {jobId} has no stored input.");
        var kind = works.For(input.Kind);
        var started = DateTimeOffset.UtcNow;
        var prepared = kind.Prepare(new StoredInput(input.Dataset, input.Practices, input.OptionsJson, input.GroupBy), input.SpecJson, record.ParametersJson,
            phase => progress?.Report(new JsonObject { ["phase"] = phase, ["elapsed_seconds"] = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3) }.ToJsonString()), ct);
        lock (_gate)
        {
            _prepared.AddFirst((jobId, kind, prepared));
            while (_prepared.Count > KeptJobs) _prepared.RemoveLast();
        }
        return (kind, prepared);
    }

    /// <summary>The item's progress as the JSON the job status shows, reported on the item's thread.</summary>
    private sealed class JsonProgress(IProgress<string> target) : IProgress<JsonObject>
    {
        public void Report(JsonObject value) => target.Report(value.ToJsonString());
    }
}
