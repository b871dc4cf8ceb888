using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Ensembles;

namespace Partitioner.Api.Jobs;

/// <summary>
/// An ensemble as work items: item c samples chain c (a pure function of the study, the options and c: its own seeded
/// stream, <see cref="EnsembleSampler.SampleChain"/>); gathering assembles the chains in chain order into the ensemble
/// and writes its files, the same ensemble as one machine sampling every chain (bar the times).
/// </summary>
public sealed class EnsembleWork(StudyLoader loader, IOptions<PartitionerApiOptions> options) : IJobWork
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public string Phase => "sampling";

    public IPreparedWork Prepare(StoredInput stored, string? specJson, string parametersJson, Action<string>? phase, CancellationToken ct, Work? work = null)
    {
        var parameters = JsonNode.Parse(parametersJson)!.AsObject();
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var request = EnsembleService.Planning(_settings, planning, stored.GroupBy);
        var sampling = EnsembleService.Core(EnsembleService.Settings(parameters["ensemble"]));
        phase?.Invoke("reading practices");
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "an ensemble");
        ct.ThrowIfCancellationRequested();
        work?.AdmitJob(loader.EnsembleBudget(input, request, practices, sampling), phase);
        phase?.Invoke("building geography");
        var study = loader.Prepare(input, request, practices, ct);
        ct.ThrowIfCancellationRequested();
        return new PreparedEnsemble(study, EnsembleSampler.Prepare(study, sampling));
    }

    public byte[] Run(IPreparedWork job, int item, IProgress<JsonObject>? progress, CancellationToken ct)
    {
        var ensemble = (PreparedEnsemble)job;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var chain = EnsembleSampler.SampleChain(ensemble.Setup, item, progress is null ? null : new ChainProgress(progress), ct);
        ct.ThrowIfCancellationRequested();
        var o = chain.Plans;
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["chain"] = chain.Chain,
            ["plans"] = chain.Plans,
            ["data"] = Convert.ToBase64String(chain.ToBytes()),
            ["progress"] = ProgressOf(new EnsembleProgress(clock.Elapsed, o, o, chain.Steps, 1), "done"),
        });
    }

    public JobOutcome Gather(Func<IPreparedWork> prepare, string parametersJson, IReadOnlyList<byte[]?> results)
    {
        if (ItemResults.Read(results, "chain", "ensemble", out var failure) is not { } items) return failure!;
        var chains = items.Select(i => EnsembleChain.FromBytes(Convert.FromBase64String(i["data"]!.GetValue<string>()))).ToList();
        var job = (PreparedEnsemble)prepare();
        // The chains ran apart (maybe at once, on several machines): the longest one is the sampling's time.
        double elapsed = items.Select(i => i["progress"]?["elapsed_seconds"]?.GetValue<double>() ?? 0).DefaultIfEmpty().Max();
        var ensemble = EnsembleSampler.Assemble(job.Setup, chains, elapsed);
        var parameters = JsonNode.Parse(parametersJson)!.AsObject();
        var streams = new Dictionary<string, MemoryStream>();
        EnsembleFiles.Write(name => streams[name] = new MemoryStream(), ensemble, job.Study, parameters);
        var summary = new JsonObject
        {
            ["plans"] = ensemble.Plans,
            ["distinct_plans"] = ensemble.DistinctPlans,
            ["consortia"] = ensemble.Count,
            ["chains"] = ensemble.Chains.Count,
            ["acceptance_rate"] = Math.Round(ensemble.AcceptanceRate, 6),
            ["trusted"] = ensemble.Convergence.Trusted,
            ["verdict"] = ensemble.Convergence.Verdict,
            ["elapsed_seconds"] = Math.Round(ensemble.ElapsedSeconds, 3),
        };
        var final = new EnsembleProgress(TimeSpan.FromSeconds(ensemble.ElapsedSeconds), ensemble.Plans, ensemble.Plans, ensemble.Chains.Sum(c => c.Steps), ensemble.Chains.Count);
        string message = $"{ensemble.Plans:N0} valid plans of {ensemble.Count} consortia ({ensemble.DistinctPlans:N0} distinct); {(ensemble.Convergence.Trusted ? "converged" : "too short to trust")}.";
        return new JobOutcome(JobState.Succeeded, message, "[]", summary.ToJsonString(), ProgressOf(final, "done").ToJsonString(), null)
        {
            Files = streams.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, byte[]>(s.Key, s.Value.ToArray())).ToList(),
        };
    }

    /// <summary>An ensemble's progress as the JSON its status shows.</summary>
    private static JsonObject ProgressOf(EnsembleProgress p, string phase) => new()
    {
        ["phase"] = phase,
        ["elapsed_seconds"] = Math.Round(p.Elapsed.TotalSeconds, 3),
        ["plans_recorded"] = p.PlansRecorded,
        ["plans_wanted"] = p.PlansWanted,
        ["steps"] = p.Steps,
        ["chains_started"] = p.ChainsStarted,
    };

    /// <summary>A chain's progress as JSON.</summary>
    private sealed class ChainProgress(IProgress<JsonObject> target) : IProgress<EnsembleProgress>
    {
        public void Report(EnsembleProgress value) => target.Report(ProgressOf(value, "sampling"));
    }
}
