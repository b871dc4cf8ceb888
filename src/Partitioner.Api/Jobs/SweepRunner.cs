using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs a sweep job: reads the practices, solves the bands one after another (the Core sweep use case,
/// <see cref="BandSweep"/>), reporting each band as progress, and stores the table as JSON and CSV. Errors and
/// cancellation are handled by <see cref="JobRunner"/>, which hands sweeps here.
/// </summary>
public sealed class SweepRunner(JobStore store, StudyLoader loader, JobService jobs, IExactEngine exact, Microsoft.Extensions.Options.IOptions<PartitionerApiOptions> options)
{
    public void Execute(RunningJob running, StoredInput stored, string bandsJson)
    {
        var id = running.Id;
        var planning = RequestReader.ParseOptions(Encoding.UTF8.GetBytes(stored.OptionsJson), "options");
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var bands = SweepMapping.Parse(bandsJson);
        // A sweep makes every band a best-effort plan unless the options ask for strict mode.
        var request = jobs.JobRequest(planning);
        if (planning.Mode is null) request = request with { Mode = SolveMode.BestEffort };
        running.Phase = "reading practices";
        var practices = loader.ReadPractices(input, request, options.Value.MaxPractices, "a sweep");
        request = loader.WithBoundary(input, request);
        running.Phase = "sweeping";
        int done = 0;
        var result = BandSweep.Run(practices, request, bands, exact, row =>
        {
            done++;
            running.Phase = string.Create(CultureInfo.InvariantCulture, $"sweeping: ±{row.Band * 100:0.##}% {row.Status} ({done} bands done)");
            try { store.SaveProgress(id, JobRunner.ProgressJson(new SolveProgress(TimeSpan.Zero, 0, done, double.NaN, double.NaN, row.Status == "met"), running.Phase)); } catch (Microsoft.Data.Sqlite.SqliteException) { }
        }, running.Cancellation.Token);
        if (running.Cancellation.IsCancellationRequested) throw new OperationCanceledException(running.Cancellation.Token);

        var parameters = JsonNode.Parse(store.Get(id)!.ParametersJson)!.AsObject();
        var table = SweepTable.ToJson(result, parameters);
        store.SaveSweepTable(id, Encoding.UTF8.GetBytes(table.ToJsonString()), Encoding.UTF8.GetBytes(SweepTable.ToCsv(result)));
        int met = result.Rows.Count(r => r.Status == "met");
        var summary = new JsonObject
        {
            ["bands"] = result.Rows.Count,
            ["bands_met"] = met,
            ["tightest_met_pct"] = result.Rows.Where(r => r.Status == "met").Select(r => (double?)Math.Round(r.Band * 100, 2)).Min(),
            ["bound_pct"] = Math.Round(result.Bounds.Band * 100, 2),
            ["elapsed_seconds"] = Math.Round(result.Seconds, 3),
        };
        store.Finish(id, JobState.Succeeded, $"{result.Rows.Count} bands solved, {met} meeting every rule.", "[]", summary.ToJsonString(),
            JobRunner.ProgressJson(new SolveProgress(TimeSpan.FromSeconds(result.Seconds), 0, result.Rows.Count, double.NaN, double.NaN, met > 0), "done"), null);
    }
}
