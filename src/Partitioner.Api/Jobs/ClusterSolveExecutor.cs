using Partitioner.Api.Errors;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Cluster.Work;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Solve jobs' work items on a worker silo: reads the job's stored input from PostgreSQL, prepares its study once per
/// silo (the two most recent jobs are kept: their items often land on the same silo), solves the item's seed with
/// <see cref="SolveWork"/> and gathers with <see cref="SeedGather"/>, exactly as the embedded mode does.
/// </summary>
public sealed class ClusterSolveExecutor(ClusterJobStore store, SolveWork work) : IWorkExecutor
{
    private const int KeptStudies = 2;
    private readonly LinkedList<(string JobId, PreparedJob Job)> _prepared = new();
    private readonly Lock _gate = new();

    public byte[] Run(string jobId, int item, IProgress<string> progress, CancellationToken cancellationToken)
    {
        PreparedJob job;
        try { job = Prepared(jobId, progress, cancellationToken); }
        catch (Exception e) when (e is InputException or ApiProblemException) { return SolveWork.Failure(e); }
        progress.Report(ProgressJson.Of(new SolveProgress(TimeSpan.Zero, 0, 0, double.NaN, double.NaN, false), "solving").ToJsonString());
        return work.Run(job, item, new JsonProgress(progress), cancellationToken);
    }

    public JobOutcome Gather(string jobId, IReadOnlyList<byte[]?> results, CancellationToken cancellationToken)
    {
        var record = store.GetAsync(jobId, cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"Job {jobId} is not in the database.");
        return SeedGather.Gather(() => Prepared(jobId, null, cancellationToken), record.ParametersJson, results);
    }

    private PreparedJob Prepared(string jobId, IProgress<string>? progress, CancellationToken ct)
    {
        lock (_gate)
            foreach (var (id, job) in _prepared)
                if (id == jobId) return job;
        var input = store.InputAsync(jobId, ct).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"Job {jobId} has no stored input.");
        var started = DateTimeOffset.UtcNow;
        var prepared = work.Prepare(new StoredInput(input.Dataset, input.Practices, input.OptionsJson, input.GroupBy),
            phase => progress?.Report(new System.Text.Json.Nodes.JsonObject { ["phase"] = phase, ["elapsed_seconds"] = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 3) }.ToJsonString()), ct);
        lock (_gate)
        {
            _prepared.AddFirst((jobId, prepared));
            while (_prepared.Count > KeptStudies) _prepared.RemoveLast();
        }
        return prepared;
    }

    /// <summary>The solver's progress as the JSON the job status shows, reported on the solver's thread.</summary>
    private sealed class JsonProgress(IProgress<string> target) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => target.Report(ProgressJson.Of(value, "solving").ToJsonString());
    }
}
