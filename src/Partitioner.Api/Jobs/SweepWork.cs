using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A sweep as work items: item i solves band i of the bands resolved against the proven bound (<see cref="BandSweep"/>);
/// a range down to the bound has as many items as it could resolve to, and items past the bands it does resolve to
/// report nothing. Gathering puts the rows in band order into the trade-off table (JSON and CSV), exactly the table
/// <see cref="BandSweep.Run"/> makes on one machine, except for the time columns.
/// </summary>
public sealed class SweepWork(StudyLoader loader, SweepService sweeps, IExactEngine exact, IOptions<PartitionerApiOptions> options) : IJobWork
{
    public string Phase => "sweeping";

    /// <summary>How many work items a sweep of <paramref name="bands"/> has.</summary>
    public static int ItemCount(SweepBands bands) => BandSweep.MostBands(bands);

    public IPreparedWork Prepare(StoredInput stored, string? specJson, string parametersJson, Action<string>? phase, CancellationToken ct, Work? work = null)
    {
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var bands = SweepMapping.Parse(specJson ?? throw new InvalidOperationException("A sweep without its bands."));
        // A sweep makes every band a best-effort plan unless the options ask for strict mode.
        var request = sweeps.Request(planning);
        if (planning.Mode is null) request = request with { Mode = SolveMode.BestEffort };
        phase?.Invoke("reading practices");
        var practices = loader.ReadPractices(input, request, options.Value.MaxPractices, "a sweep");
        request = loader.WithBoundary(input, request);
        ct.ThrowIfCancellationRequested();
        work?.AdmitJob(loader.Budget(input, request, practices), phase);
        phase?.Invoke("finding the bound");
        var setup = BandSweep.Prepare(practices, request, bands, ct);
        return new PreparedSweep(request, setup, ItemCount(bands));
    }

    public byte[] Run(IPreparedWork job, int item, IProgress<JsonObject>? progress, CancellationToken ct)
    {
        var sweep = (PreparedSweep)job;
        if (item >= sweep.Setup.Bands.Count)
            return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["beyond_bound"] = true, ["progress"] = new JsonObject { ["phase"] = "done" } });
        var row = BandSweep.SolveBand(sweep.Setup, sweep.Request, item, exact, progress is null ? null : new SolveWork.JsonProgress(progress, Phase), ct);
        ct.ThrowIfCancellationRequested();
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["row"] = RowJson(row),
            ["progress"] = ProgressJson.Of(new SolveProgress(TimeSpan.FromSeconds(row.Seconds), 0, 1, double.NaN, double.NaN, row.Status == "met"), "done"),
        });
    }

    public JobOutcome Gather(Func<IPreparedWork> prepare, string parametersJson, IReadOnlyList<byte[]?> results)
    {
        if (ItemResults.Read(results, "band", "sweep", out var failure) is not { } items) return failure!;
        // Bands past the proven bound report no row.
        var rows = items.Select(i => i["row"]).OfType<JsonObject>().Select(Row).ToList();
        var sweep = (PreparedSweep)prepare();
        double seconds = rows.Sum(r => r.Seconds);
        var table = new SweepResult(rows, sweep.Setup.Bounds, sweep.Setup.Study.Councils is not null, seconds);
        var parameters = JsonNode.Parse(parametersJson)!.AsObject();
        int met = rows.Count(r => r.Status == "met");
        var summary = new JsonObject
        {
            ["bands"] = rows.Count,
            ["bands_met"] = met,
            ["tightest_met_pct"] = rows.Where(r => r.Status == "met").Select(r => (double?)Math.Round(r.Band * 100, 2)).Min(),
            ["bound_pct"] = Math.Round(table.Bounds.Band * 100, 2),
            ["elapsed_seconds"] = Math.Round(seconds, 3),
        };
        var progress = ProgressJson.Of(new SolveProgress(TimeSpan.FromSeconds(seconds), 0, rows.Count, double.NaN, double.NaN, met > 0), "done");
        return new JobOutcome(JobState.Succeeded, $"{rows.Count} bands solved, {met} meeting every rule.", "[]", summary.ToJsonString(), progress.ToJsonString(), null)
        {
            Files =
            [
                new(JobFiles.SweepJson, Encoding.UTF8.GetBytes(SweepTable.ToJson(table, parameters).ToJsonString())),
                new(JobFiles.SweepCsv, Encoding.UTF8.GetBytes(SweepTable.ToCsv(table))),
            ],
        };
    }

    /// <summary>A row as JSON (NaN as null), read back by <see cref="Row"/> to the same values.</summary>
    private static JsonObject RowJson(SweepRow r) => new()
    {
        ["band"] = r.Band,
        ["status"] = r.Status,
        ["consortia"] = r.Consortia,
        ["inertia_km2"] = Finite(r.InertiaKm2),
        ["median_polsby_popper"] = Finite(r.MedianPolsbyPopper),
        ["worst_deprivation"] = Finite(r.WorstDeprivation),
        ["worst_spend"] = Finite(r.WorstSpend),
        ["rules_broken"] = r.RulesBroken,
        ["councils_split"] = r.CouncilsSplit,
        ["patients_in_whole_councils"] = r.PatientsInWholeCouncils is { } p ? Finite(p) : null,
        ["seconds"] = r.Seconds,
        ["inertia_floor_km2"] = Finite(r.InertiaFloorKm2),
    };

    private static SweepRow Row(JsonObject o) => new(
        o["band"]!.GetValue<double>(), o["status"]!.GetValue<string>(), o["consortia"]!.GetValue<int>(), Number(o["inertia_km2"]),
        Number(o["median_polsby_popper"]), Number(o["worst_deprivation"]), Number(o["worst_spend"]), o["rules_broken"]!.GetValue<int>(),
        o["councils_split"]?.GetValue<int>(), o["patients_in_whole_councils"] is { } p ? p.GetValue<double>() : null, o["seconds"]!.GetValue<double>(),
        Number(o["inertia_floor_km2"]));

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static double Number(JsonNode? n) => n is null ? double.NaN : n.GetValue<double>();
}
