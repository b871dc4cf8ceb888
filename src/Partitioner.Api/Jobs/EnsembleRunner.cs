using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Core.Ensembles;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs an ensemble job from its stored input to its stored files: read practices, prepare the study, sample (one thread,
/// cancellable, progress saved about every second), write the ensemble's files into <see cref="EnsembleFileStore"/>.
/// Called by <see cref="JobRunner"/>, which handles input errors, cancellation and shutdown as for every job.
/// </summary>
public sealed class EnsembleRunner(JobStore store, EnsembleFileStore files, StudyLoader loader, IOptions<PartitionerApiOptions> options, ILogger<EnsembleRunner> logger)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>Samples the ensemble of a stored job; <paramref name="work"/>'s token stops it (a cancel, the memory watch, a shutdown).</summary>
    public void Execute(RunningJob running, Work work)
    {
        var id = running.Id;
        var record = store.Get(id) ?? throw new InvalidOperationException($"Job {id} is gone.");
        var stored = store.GetInput(id) ?? throw new InvalidOperationException($"Job {id} has no stored input.");
        var parameters = JsonNode.Parse(record.ParametersJson)!.AsObject();
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var request = RequestMapping.From(planning, _settings.DefaultJobTimeLimitSeconds, _settings.JobLimits(), threads: 1, evaluating: true, groupBy: stored.GroupBy,
            boundaryLimits: _settings.BoundaryLimits());
        var sampling = EnsembleService.Core(EnsembleService.Settings(parameters["ensemble"]));
        var token = work.Token;

        running.Phase = "reading practices";
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "an ensemble");
        token.ThrowIfCancellationRequested();
        running.Phase = "building geography";
        var study = loader.Prepare(input, request, practices, token);
        token.ThrowIfCancellationRequested();

        running.Phase = "starting chains";
        long lastSaved = 0;
        var progress = new ProgressSink(p =>
        {
            running.Phase = $"sampling: {p.PlansRecorded:N0} of {p.PlansWanted:N0} plans, {p.ChainsStarted} chain(s) started";
            long now = Environment.TickCount64;
            if (now - lastSaved < 1000) return;
            lastSaved = now;
            try { store.SaveProgress(id, ProgressJson(p, "sampling")); } catch (Exception e) { logger.LogDebug(e, "Progress not saved"); }
        });
        var ensemble = EnsembleSampler.Sample(study, sampling with { Progress = progress, ProgressInterval = TimeSpan.FromMilliseconds(200) }, token);

        running.Phase = "writing files";
        var streams = new Dictionary<string, MemoryStream>();
        EnsembleFiles.Write(name => streams[name] = new MemoryStream(), ensemble, study, parameters);
        files.Save(id, streams.ToDictionary(s => s.Key, s => s.Value.ToArray()));
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
        store.Finish(id, JobState.Succeeded, $"{ensemble.Plans:N0} valid plans of {ensemble.Count} consortia ({ensemble.DistinctPlans:N0} distinct); {(ensemble.Convergence.Trusted ? "converged" : "too short to trust")}.",
            "[]", summary.ToJsonString(), ProgressJson(final, "done"), null);
    }

    private static string ProgressJson(EnsembleProgress p, string phase) => new JsonObject
    {
        ["phase"] = phase,
        ["elapsed_seconds"] = Math.Round(p.Elapsed.TotalSeconds, 3),
        ["plans_recorded"] = p.PlansRecorded,
        ["plans_wanted"] = p.PlansWanted,
        ["steps"] = p.Steps,
        ["chains_started"] = p.ChainsStarted,
    }.ToJsonString();

    private sealed class ProgressSink(Action<EnsembleProgress> report) : IProgress<EnsembleProgress>
    {
        public void Report(EnsembleProgress value) => report(value);
    }
}
