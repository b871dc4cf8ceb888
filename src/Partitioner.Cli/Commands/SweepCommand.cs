using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Partitioner.Core.Files;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>
/// <c>partitioner sweep</c>: solves a series of balance bands (deprivation and spend at the same relative tolerance)
/// down to the proven bound and writes the trade-off table (the Core sweep use case, <see cref="BandSweep"/>).
/// </summary>
internal sealed class SweepCommand
{
    private static readonly StudyRequest Defaults = new();
    private readonly StudyOptions _study = new();
    private readonly PlanShapeOptions _shape = new();
    private readonly Option<string?> _bands = new("--bands") { Description = "The bands to solve, as fractions of the area mean: --bands 0.30,0.25,0.20,0.15,0.10 (percentages such as 30% too)." };
    private readonly Option<double?> _from = new("--from") { Description = "Instead of --bands: the widest band (e.g. 0.30), then down by --step to --to." };
    private readonly Option<string?> _to = new("--to") { Description = "The tightest band of a --from range: a fraction (0.10) or 'bound' (default): down to the proven lower bound." };
    private readonly Option<double?> _step = new("--step") { Description = "The step of a --from range (default 0.05)." };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Random seed (the same for every band).", DefaultValueFactory = _ => Defaults.Seed };
    private readonly Option<double> _time = new("--time") { Description = "Time limit per band, in seconds.", DefaultValueFactory = _ => 30 };
    private readonly Option<long?> _maxSteps = new("--max-steps") { Description = "Step budget per restart, per band (reproducible tables)." };
    private readonly Option<int> _restarts = new("--restarts") { Description = "Independent restarts per band.", DefaultValueFactory = _ => Defaults.Restarts };
    private readonly Option<int?> _threads = new("--threads") { Description = "Worker threads (default: all cores). The table does not depend on it when the bands end by their step budget." };
    private readonly Option<bool> _floors = new("--floors") { Description = "Also prove each band's inertia floor: no plan meeting the band, contiguous or not, has less (20–60 s a band on all England)." };
    private readonly Option<string> _mode = new("--mode") { Description = "best-effort (default: every band gets a plan, breaches counted) or strict (a band without a valid plan has none).", DefaultValueFactory = _ => "best-effort" };

    public static Command Create() => new SweepCommand().Build();

    private Command Build()
    {
        var command = new Command("sweep", "Solve a series of balance bands down to the proven bound and write the trade-off table (sweep.csv, sweep.json).");
        _study.AddTo(command);
        _shape.AddTo(command);
        foreach (var o in new Option[] { _bands, _from, _to, _step, _seed, _time, _maxSteps, _restarts, _threads, _mode, _floors })
            command.Options.Add(o);
        command.SetAction(r => CommandRunner.Run(() => Run(r)));
        return command;
    }

    private int Run(ParseResult r)
    {
        var problems = new List<InputProblem>();
        var sweep = SweepBands.Parse(r.GetValue(_bands), r.GetValue(_from), r.GetValue(_to), r.GetValue(_step), problems) with { Floors = r.GetValue(_floors) };
        problems.AddRange(sweep.Validate());
        for (int i = 0; i < problems.Count; i++) problems[i] = problems[i] with { Where = Flag(problems[i].Field) };
        var request = _study.Request(r, r.GetValue(_shape.GroupBy), problems) with
        {
            Seed = r.GetValue(_seed),
            TimeLimitSeconds = r.GetValue(_time),
            MaxSteps = r.GetValue(_maxSteps),
            Restarts = r.GetValue(_restarts),
            Threads = r.GetValue(_threads),
            Mode = RequestText.Mode(r.GetValue(_mode), problems) ?? Core.Solving.SolveMode.BestEffort,
            // Each band sets both balance rules.
            Deprivation = null,
            Spend = null,
        };
        if (r.GetValue(_study.Balance) is { Length: > 0 } balance)
            problems.Add(new InputProblem("--balance", "balance", string.Join(' ', balance),
                "A sweep sets deprivation and spend to each band in turn. Leave --balance out and give the bands with --bands or --from."));
        request = StudyOptions.Checked(_shape.Apply(r, request, problems), problems);
        var practices = PracticeReader.ReadFile(r.GetValue(_study.Practices)!, request.ReadOptions());
        Console.Error.WriteLine($"Read {practices.Count:N0} practices; sweeping {sweep} (deprivation and spend at the same band), {request.TimeLimitSeconds.ToString(CultureInfo.InvariantCulture)} s per band.");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var result = BandSweep.Run(practices, request, sweep, request.NeedsExactEngine || sweep.Floors ? new Exact.ExactEngine() : null,
            row => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ±{row.Band * 100:0.##}%: {row.Status}, {row.Consortia} consortia, {row.Seconds:0.0} s")),
            cancel.Token);

        string outDir = r.GetValue(_study.Out)!;
        var parameters = _study.Parameters(r, "sweep", request);
        parameters["sweep"] = sweep.ToString();
        var json = SweepTable.ToJson(result, parameters);
        AtomicFile.WriteAll([
            (Path.Combine(outDir, "sweep.csv"), s => s.Write(Encoding.UTF8.GetBytes(SweepTable.ToCsv(result)))),
            (Path.Combine(outDir, "sweep.json"), s => { using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true }); json.WriteTo(w); }),
        ]);
        Print(result);
        Console.WriteLine($"Wrote {Path.Combine(outDir, "sweep.csv")} and sweep.json.");
        return 0;
    }

    private static void Print(SweepResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var b = result.Bounds;
        Console.WriteLine(string.Create(c, $"Proven bound: no plan can do better than ±{b.Band * 100:0.##}% (deprivation ±{(b.Deprivation?.Band ?? 0) * 100:0.##}%, spend ±{(b.Spend?.Band ?? 0) * 100:0.##}%)."));
        // With floors, one more column: the floor under the band's inertia.
        bool floors = result.Rows.Any(r => double.IsFinite(r.InertiaFloorKm2));
        Console.WriteLine((result.HasCouncils
            ? "   band  status       consortia  inertia_km2  median_pp  worst_dep  worst_spend  breaking  councils_split  whole_councils  seconds"
            : "   band  status       consortia  inertia_km2  median_pp  worst_dep  worst_spend  breaking  seconds") + (floors ? "    floor_km2" : ""));
        foreach (var r in result.Rows)
        {
            string line = string.Create(c, $"{r.Band * 100,6:0.##}%  {r.Status,-11}  {r.Consortia,9}  {r.InertiaKm2,11:N0}  {r.MedianPolsbyPopper,9:0.000}  {r.WorstDeprivation * 100,8:0.0}%  {r.WorstSpend * 100,10:0.0}%  {r.RulesBroken,8}");
            if (result.HasCouncils) line += string.Create(c, $"  {r.CouncilsSplit,14}  {(r.PatientsInWholeCouncils ?? double.NaN) * 100,13:0.0}%");
            line += string.Create(c, $"  {r.Seconds,7:0.0}");
            if (floors) line += string.Create(c, $"  {r.InertiaFloorKm2,11:N0}");
            Console.WriteLine(line);
        }
    }

    private static string Flag(string field) => field switch
    {
        "sweep.from" => "--from",
        "sweep.to" => "--to",
        "sweep.step" => "--step",
        _ => "--bands",
    };
}
