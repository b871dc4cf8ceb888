using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// Solves a study with growing time limits (1 s, 5 s, 30 s by default) from the same seed and prints,
/// for each, the time to the first valid plan, the objective, the worst balance deviations and the
/// solver's throughput; with --bands, the tightest deprivation and spend bands reached.
/// </summary>
internal static class SolveBenchmark
{
    // --by-time true: SolverOptions.ScheduleByTime (restarts share the limit and cool over their share).
    private static bool s_byTime;
    // --recom-share / --repair-share: SolverOptions.RecomShare / RepairRecomShare (0 and 0 = pure boundary moves).
    private static double? s_recomShare, s_repairShare;
    // --steps N: a fixed step budget per restart (reproducible plans; the time limit then only bounds the run).
    private static long? s_steps;
    // --boundary-weight W: the boundary term's weight.
    private static double s_boundary;
    // --restarts N: SolverOptions.Restarts.
    private static int? s_restarts;

    public static int Run(string path, string[] args)
    {
        double? dep = null, spend = null;
        var limits = new List<double> { 1, 5, 30 };
        var bands = new List<double>();
        string? boundaryPath = null;
        var missing = MissingValuePolicy.Exclude;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--balance":
                    var parts = value.Split('=');
                    double t = double.Parse(parts[1], CultureInfo.InvariantCulture);
                    if (parts[0] == "deprivation") dep = t; else spend = t;
                    break;
                case "--seconds": limits = value.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--bands": bands = value.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--boundary": boundaryPath = value; break;
                case "--recom-share": s_recomShare = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--repair-share": s_repairShare = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--steps": s_steps = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--by-time": s_byTime = value is "true" or "1" or "yes"; break;
                case "--missing": missing = value == "mean" ? MissingValuePolicy.FillMean : MissingValuePolicy.Exclude; break;
                case "--restarts": s_restarts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--boundary-weight": s_boundary = double.Parse(value, CultureInfo.InvariantCulture); break;
            }
        }

        var sw = Stopwatch.StartNew();
        var set = PracticeReader.ReadFile(path);
        var boundary = boundaryPath is null ? null : BoundaryReader.ReadFile(boundaryPath);
        double readSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var request = Request(dep, spend, missing, boundary);
        var rules = request.Rules();
        var study = Study.Prepare(set, request);
        double geographySeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"{Path.GetFileName(path)}: practices {study.Practices.Count:N0}, patients {study.Practices.TotalPatients:N0}, sites {study.Geography.SiteCount:N0}, practice edges {study.Geography.PracticeGraph.EdgeCount:N0}");
        Console.WriteLine($"read {readSeconds:0.000} s, geography {geographySeconds:0.000} s (first run, includes JIT); rules: {Describe(rules)}");
        Console.WriteLine();
        Console.WriteLine("moves/s and recom/s: per core, evaluations per second of worker time spent in each kind of step; wall_*: totals over all cores per wall-clock second");
        Console.WriteLine("limit_s  elapsed_s  first_plan_s  first_valid_s  consortia  min_patients  max_patients  objective  worst_dep_dev  worst_dep_pct  worst_spend_pct  rules_broken  inertia_bn  median_pp  moves/s  recom/s  wall_moves/s  wall_recom/s  peak_MB");
        foreach (double seconds in limits)
            Row(study, request, seconds, SolveMode.BestEffort);

        if (bands.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Tightest bands, {limits[^1]:0} s each, strict mode (deprivation and spend at the same relative tolerance):");
            foreach (double band in bands)
            {
                var bandRequest = Request(band, band, missing, boundary);
                var solution = Planner.Solve(Study.Prepare(set, bandRequest), bandRequest, tuning: Options(limits[^1], SolveMode.Strict));
                var e = solution.Evaluation;
                Console.WriteLine(e is null
                    ? $"  ±{band:P1}: no plan met every rule ({solution.Result.Issues.Count} reasons; first: {solution.Result.Issues.FirstOrDefault()?.Message})"
                    : $"  ±{band:P1}: first valid {solution.Result.Statistics.TimeToFirstValidPlan?.TotalSeconds:0.0} s, {e.Summary.Consortia} consortia, {e.Summary.SmallestPatients:N0}–{e.Summary.LargestPatients:N0} patients, deprivation {e.Summary.LowestDeprivation:0.00}–{e.Summary.HighestDeprivation:0.00} (worst {e.Summary.WorstDeprivationDeviationRelative:P2}), spend worst {e.Summary.WorstSpendDeviationRelative:P2}, meets all rules: {e.Summary.MeetsAllRules}");
            }
        }
        return 0;
    }

    private static StudyRequest Request(double? dep, double? spend, MissingValuePolicy missing, NetTopologySuite.Geometries.Geometry? boundary) => new()
    {
        Deprivation = dep is { } d ? new BalanceTolerance(d, ToleranceKind.Relative) : null,
        Spend = spend is { } s ? new BalanceTolerance(s, ToleranceKind.Relative) : null,
        Missing = missing,
        Boundary = boundary,
        BoundaryWeight = s_boundary,
    };

    private static string Describe(ConsortiumRules r) =>
        $"{r.MinPatients:N0}–{r.MaxPatients:N0} patients" + (r.Deprivation is { } d ? $", deprivation {d}" : "") + (r.Spend is { } s ? $", spend {s}" : "");

    private static SolverOptions Options(double seconds, SolveMode mode) => WithShares(new()
    {
        Seed = 1,
        TimeLimit = TimeSpan.FromSeconds(seconds),
        MaxSteps = s_steps ?? long.MaxValue / 4,
        StallLimit = long.MaxValue / 4,
        Mode = mode,
        ScheduleByTime = s_byTime,
        Restarts = s_restarts ?? 4,
    });

    private static SolverOptions WithShares(SolverOptions o) => o with
    {
        RecomShare = s_recomShare ?? o.RecomShare,
        RepairRecomShare = s_repairShare ?? o.RepairRecomShare,
    };

    private static void Row(Study study, StudyRequest request, double seconds, SolveMode mode)
    {
        var solution = Planner.Solve(study, request, tuning: Options(seconds, mode));
        var s = solution.Result.Statistics;
        var e = solution.Evaluation;
        double elapsed = s.Elapsed.TotalSeconds;
        string first = s.TimeToFirstValidPlan is { } f ? f.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "–";
        string firstPlan = s.TimeToFirstPlan is { } fp ? fp.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "–";
        double moveRate = s.MovesEvaluated / Math.Max(1e-9, s.BoundaryMoveTime.TotalSeconds);
        double recomRate = s.RecomSteps / Math.Max(1e-9, s.RecomTime.TotalSeconds);
        long peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576;
        if (e is null)
        {
            Console.WriteLine($"{seconds,7:0}  {elapsed,9:0.00}  {firstPlan,12}  {first,13}  (no plan: {solution.Result.Issues.FirstOrDefault()?.Message})");
            return;
        }
        if (Environment.GetEnvironmentVariable("VERBOSE") is not null)
            foreach (var c in e.Consortia)
                if (c.Violations.Count > 0)
                    Console.WriteLine($"   {c.Name} {c.Practices,4} pr {c.Patients,9:N0} pt  dep {c.Deprivation,6:0.00} ({c.DeprivationDeviationRelative,7:P1})  spend {c.SpendPerPatient,7:0.00} ({c.SpendDeviationRelative,7:P1})  E {c.CentreEasting:0} N {c.CentreNorthing:0}");
        var m = e.Summary;
        int broken = m.Breaking.Values.Sum();
        Console.WriteLine($"{seconds,7:0}  {elapsed,9:0.00}  {firstPlan,12}  {first,13}  {m.Consortia,9}  {m.SmallestPatients,12:N0}  {m.LargestPatients,12:N0}  {solution.Result.Objective.Total,9:0.0}  {m.WorstDeprivationDeviation,13:0.00}  {m.WorstDeprivationDeviationRelative,13:P2}  {m.WorstSpendDeviationRelative,15:P2}  {broken,12}  {m.TotalInertiaKm2 / 1e9,10:0.00}  {Median(e.Consortia.Select(c => c.PolsbyPopper)),9:0.000}  {moveRate,7:0.00e0}  {recomRate,7:0}  {s.MovesEvaluated / elapsed,12:0.00e0}  {s.RecomSteps / elapsed,12:0}  {peak,7}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
