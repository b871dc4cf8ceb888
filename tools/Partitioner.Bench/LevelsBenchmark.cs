using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// Figures for the levels (README "Federations, risk, transition and mosaic"): the risk model's derivation and the
/// risk of real consortia by size; the mosaic on a dense area; the dimensionless disruption weight; the moves budget.
/// </summary>
internal static class LevelsBenchmark
{
    private static Dictionary<string, string> Options(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2) o[args[i].TrimStart('-')] = args[i + 1];
        return o;
    }

    private static double[] Numbers(string text) => text.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static bool Open(Practice p) => !p.Properties.Any(q => q.Name == "close_date" && q.Value is string s && s.Length > 0);

    /// <summary>risk &lt;practices&gt; [--resamples 200]: the derivation table and bootstrap interval, and the CCGs' risk by size.</summary>
    public static int Risk(string path, string[] args)
    {
        var o = Options(args);
        var set = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var d = RiskDerivation.Derive(set, Open);
        Console.WriteLine($"derivation from {d.Practices:N0} open practices, basis {d.Basis}, £{d.SpendPerUnit:0.00} per unit of need");
        Console.WriteLine("| band | practices | list sizes | harmonic mean list | median deviation | robust sd |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        int b = 1;
        foreach (var band in d.Bands)
            Console.WriteLine($"| {b++} | {band.Practices:N0} | {band.SmallestList:N0}–{band.LargestList:N0} | {band.HarmonicMeanList:N0} | {band.MedianDeviation * 100:0.0}% | {band.RobustSd * 100:0.0}% |");
        Console.WriteLine($"fit: cv = {d.PerPatientCv:0.000} (per patient), practice effect sd = {d.PracticeSd:0.000}");
        int resamples = int.Parse(o.GetValueOrDefault("resamples", "200"), CultureInfo.InvariantCulture);
        var (p5, median, p95) = RiskDerivation.Bootstrap(set, resamples, 1, Open);
        Console.WriteLine($"bootstrap ({resamples} resamples): cv 5th–95th percentile {p5:0.00}–{p95:0.00}, median {median:0.00}");

        var model = new RiskModel();
        var ccgs = Plan.FromGroups(set, "ccg_code");
        var risks = OverspendRisk.Of(set, ccgs.ConsortiumOf, ccgs.ConsortiumNames, model);
        Console.WriteLine("| CCG size | CCGs | mean risk beyond 1% | beyond 2% |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (lo, hi) in new[] { (0.0, 100_000.0), (100_000.0, 250_000.0), (250_000.0, 500_000.0), (500_000.0, 750_000.0), (750_000.0, 1e9) })
        {
            var band = risks.Where(r => r.Patients >= lo && r.Patients < hi).ToList();
            if (band.Count == 0) continue;
            Console.WriteLine($"| {lo:N0}–{(hi > 1e8 ? "" : hi.ToString("N0", CultureInfo.InvariantCulture))} | {band.Count} | {band.Average(r => r.Probabilities[0]) * 100:0.0}% | {band.Average(r => r.Probabilities[1]) * 100:0.00}% |");
        }
        foreach (var n in new[] { 50_000.0, 100_000, 250_000, 500_000, 750_000, 1_000_000 })
            Console.WriteLine($"size {n,9:N0}: sd {model.RelativeSd(n, 0) * 100:0.00}%, beyond 1% {model.OverspendProbability(n, 0, 0.01) * 100:0.0}%, beyond 2% {model.OverspendProbability(n, 0, 0.02) * 100:0.00}%");
        foreach (var (p, r) in new[] { (0.05, 0.01), (0.05, 0.02), (0.01, 0.02) })
            Console.WriteLine($"floor for at most {p:P0} beyond {r:P0}: {model.PopulationFloor(p, r, 0):N0} patients");
        Console.WriteLine($"load average {MachineLoad.OneMinute()}");
        return 0;
    }

    /// <summary>mosaic &lt;practices&gt; --area Q71 [--distance 2] [--density 5000] [--bands 0.1,0.05] [--spend true] [--max 750000]
    /// [--steps N] [--seed 1]: the tightest balance band met (deprivation, and spend per patient with --spend true) with and
    /// without the mosaic, and the shape it costs.</summary>
    public static int Mosaic(string path, string[] args)
    {
        var o = Options(args);
        var all = PracticeReader.ReadFile(path);
        string area = o.GetValueOrDefault("area", "Q71");
        var subset = all.Practices.Where(p => p.Properties.Any(q => q.Name == "nhse_area_team_code" && Equals(q.Value, area))).ToList();
        var set = new PracticeSet(subset, [], all.InputCoordinates);
        double distance = double.Parse(o.GetValueOrDefault("distance", "2"), CultureInfo.InvariantCulture);
        double density = double.Parse(o.GetValueOrDefault("density", "5000"), CultureInfo.InvariantCulture);
        long steps = long.Parse(o.GetValueOrDefault("steps", "400000"), CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(o.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        var bands = Numbers(o.GetValueOrDefault("bands", "0.1,0.05,0.03,0.02,0.01"));
        bool spend = o.GetValueOrDefault("spend", "false") == "true";
        double max = double.Parse(o.GetValueOrDefault("max", "750000"), CultureInfo.InvariantCulture);
        var mosaic = new MosaicOptions { DistanceKm = distance, MinDensity = density };
        var probe = Study.Prepare(set, new ConsortiumRules(), MissingValuePolicy.FillMean);
        var links = MosaicLinks.Build(probe.Geography, mosaic);
        Console.WriteLine($"{area}: {set.Count:N0} practices, {set.TotalPatients:N0} patients; mosaic D = {distance} km, density ≥ {density:N0}/km²: {links.MosaicPractices:N0} practices, {links.AddedLinks:N0} links added to {probe.Geography.PracticeGraph.EdgeCount:N0}");
        Console.WriteLine($"rules: 100,000–{max:N0} patients, band on deprivation{(spend ? " and spend per patient" : "")}; {steps:N0} steps × 2 restarts, seed {seed}");
        Console.WriteLine("| band | mosaic | status | violation | worst deprivation dev | worst spend dev | consortia | in several pieces | compactness km² | mean Polsby–Popper | seconds |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var band in bands)
            foreach (var with in new[] { false, true })
            {
                var rules = new ConsortiumRules
                {
                    MaxPatients = max,
                    Deprivation = new BalanceTolerance(band, ToleranceKind.Relative),
                    Spend = spend ? new BalanceTolerance(band, ToleranceKind.Relative) : null,
                };
                var study = Study.Prepare(set, rules, MissingValuePolicy.FillMean);
                var request = new LevelsRequest { Mosaic = with ? mosaic : null };
                var sw = Stopwatch.StartNew();
                var outcome = LevelsStudy.Solve(study, request, new SolverOptions { Seed = seed, MaxSteps = steps, Restarts = 2, Mode = SolveMode.BestEffort, TimeLimit = TimeSpan.FromMinutes(20) });
                var level = outcome.Levels!.Levels[0];
                var e = level.Evaluation;
                int pieces = MosaicReport.Of(study.Geography, level.Plan, links).Count(u => u.GeographicPieces > 1);
                Console.WriteLine($"| ±{band:P1} | {(with ? "yes" : "no")} | {(e.Summary.MeetsAllRules ? "met" : "not met")} | {outcome.ConsortiumResult!.Violation:0.0000} | {e.Summary.WorstDeprivationDeviationRelative:P2} | {e.Summary.WorstSpendDeviationRelative:P2} | {e.Summary.Consortia} | {pieces} | {outcome.ConsortiumResult.Objective.Compactness:0.0} | {e.Consortia.Average(c => c.PolsbyPopper):0.000} | {sw.Elapsed.TotalSeconds:0} |");
            }
        Console.WriteLine($"load average {MachineLoad.OneMinute()}");
        return 0;
    }

    /// <summary>disruption &lt;practices&gt; [--weights 0,1,3,10] [--balance 0.15] [--steps N]: disruption and compactness
    /// against the dimensionless weight, from the 2013 CCGs.</summary>
    public static int Disruption(string path, string[] args)
    {
        var o = Options(args);
        var set = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        long steps = long.Parse(o.GetValueOrDefault("steps", "1000000"), CultureInfo.InvariantCulture);
        double? balance = o.TryGetValue("balance", out var b) ? double.Parse(b, CultureInfo.InvariantCulture) : null;
        Console.WriteLine("| disruption weight | patients separated | practices moved | compactness km² | rules met | seconds |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var w in Numbers(o.GetValueOrDefault("weights", "0,1,3,10")))
        {
            var request = new StudyRequest
            {
                DisruptionWeight = w, GroupBy = "ccg_code", Missing = MissingValuePolicy.FillMean,
                Deprivation = balance is { } t ? new BalanceTolerance(t, ToleranceKind.Relative) : null,
                Seed = 1, MaxSteps = steps, Restarts = 2, Mode = SolveMode.BestEffort, TimeLimitSeconds = 1200,
            };
            var study = Study.Prepare(set, request);
            var sw = Stopwatch.StartNew();
            var solution = Planner.Solve(study, request);
            var t2 = TransitionReport.Of(study.Practices, solution.Plan!, "ccg_code");
            Console.WriteLine($"| {w} | {solution.Result.Objective.Disruption:P1} | {t2.PracticesMoved:N0} | {solution.Result.Objective.Compactness:0.0} | {solution.Evaluation!.Summary.MeetsAllRules} | {sw.Elapsed.TotalSeconds:0} |");
            if (w == 0) Console.WriteLine($"reference compactness: {ObjectiveScale.ReferenceCompactnessKm2(solution.Problem):0.0} km²; the 2013 CCGs' own: {study.Evaluate(Plan.FromGroups(study.Practices, "ccg_code"), false).Summary.TotalInertiaKm2 / study.Practices.TotalPatients:0.0} km²");
        }
        Console.WriteLine($"load average {MachineLoad.OneMinute()}");
        return 0;
    }

    /// <summary>moves &lt;practices&gt; [--moves 100,250,500,1000] [--balance 0.15]: how close a moves budget gets from the 2013 CCGs.</summary>
    public static int Moves(string path, string[] args)
    {
        var o = Options(args);
        var set = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        double balance = double.Parse(o.GetValueOrDefault("balance", "0.15"), CultureInfo.InvariantCulture);
        var study = Study.Prepare(set, new ConsortiumRules { Deprivation = new BalanceTolerance(balance, ToleranceKind.Relative) }, MissingValuePolicy.FillMean);
        Console.WriteLine("| budget | moved | patients moved | violation | CCGs meeting every rule | below 100k | above 750k | deprivation ±15% broken | worst dev | seconds |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var n in Numbers(o.GetValueOrDefault("moves", "0,100,250,500,1000")))
        {
            var sw = Stopwatch.StartNew();
            var outcome = LevelsStudy.Solve(study, new LevelsRequest { CurrentMap = "ccg_code", MovesBudget = new MovesBudget((int)n, null) }, new SolverOptions());
            var s = (JsonObject)outcome.Sections["moves_budget"]!;
            var plan = (JsonObject)s["plan"]!;
            var breaking = plan["breaking"]!;
            Console.WriteLine($"| {n:N0} | {(int)s["practices_moved"]!:N0} | {(double)s["patients_moved"]!:N0} | {(double)s["violation_after"]!:0.000} (from {(double)s["violation_before"]!:0.000}) | {(int)plan["consortia_meeting_every_rule"]!} | {(int)breaking["below_minimum"]!} | {(int)breaking["above_maximum"]!} | {(int)breaking["deprivation_balance"]!} | {(double)plan["worst_deprivation_dev_pct"]!:0.0}% | {sw.Elapsed.TotalSeconds:0.0} |");
        }
        Console.WriteLine($"load average {MachineLoad.OneMinute()}");
        return 0;
    }
}
