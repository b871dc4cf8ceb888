using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;
using Partitioner.Exact.Tests;

// Exact-mode benchmark (issue 6): split areas into contiguous localities of at most 30,000 patients — fewest localities,
// then most compact — on synthetic grids and on real CCGs of 20–80 practices; report the exact solver's proof and time, and the
// heuristic solver's gap to the proven optimum under the same compactness measure.
//
// Usage: dotnet run -c Release --project tools/Partitioner.Bench.Exact -- [seconds=60] [auto|sp|flow] [heuristic seconds=10, 0 = skip]
//        [--consortia] [--only=NAME-PART] [--steps=N heuristic steps per restart] [--restarts=4] [--max-practices=1000] [--log] [--cap=1000000] [--sat=name:value,... (CP-SAT parameters)] [--workers=N (CP-SAT workers, 0 = one per core)] [--no-rc (no LP reduced-cost fixing)] [--rc-min=N (fewest candidates for reduced-cost fixing)] [--cpsat | --scip (one engine instead of both at once)] [--pairs (CP-SAT branches on pairs of practices)] [--no-cuts (no subset-row cuts)] [--no-branch (no compactness branching)] [--dfs (compactness branching depth first)] [--five (subset-row cuts over five practices too)] [--no-capacity (no capacity cuts)] [--no-near (the count race without CP-SAT over the candidates of least reduced cost)] [--branch-share=0.5] [--phases (print each phase's grant)]
//        [--seeds=1,2,3,4 (the heuristic at each seed; the CSV shows the first, a summary line per seed follows)]
//        [--wide (instead of the 22 areas: 30 grids of 7×7, 6×8 and 8×8 practices, 3,000–12,000 patients each, seeds 1–10,
//        drawn like the Exact tests' grids: a check on areas the solver was not tuned on)]
//        [--ccgs-2021 (instead: every real 2021/22 CCG split into localities by LocalitySplitter, with its real PCNs; --only=CCG;
//        --phases: each phase of a split and the time it was granted)]
//        (--consortia  (also the old consortium grids: 90k–160k patients with ±15% deprivation balance)
// Real CCGs are read from /work/shared/data/real/practices/gp_practices_england_2014_15.csv when it exists
// (override with PARTITIONER_PRACTICES=path).
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
double seconds = positional.Length > 0 ? double.Parse(positional[0], CultureInfo.InvariantCulture) : 60;
var formulation = (positional.Length > 1 ? positional[1] : "auto") switch
{
    "flow" => ExactFormulation.CentreFlow,
    "sp" => ExactFormulation.SetPartitioning,
    _ => ExactFormulation.Auto,
};
double heuristicSeconds = positional.Length > 2 ? double.Parse(positional[2], CultureInfo.InvariantCulture) : 10;
bool consortia = args.Contains("--consortia");
string? only = args.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal))?["--only=".Length..];
long? heuristicSteps = args.FirstOrDefault(a => a.StartsWith("--steps=", StringComparison.Ordinal)) is { } st ? long.Parse(st["--steps=".Length..], CultureInfo.InvariantCulture) : null;
int heuristicRestarts = int.Parse(args.FirstOrDefault(a => a.StartsWith("--restarts=", StringComparison.Ordinal))?["--restarts=".Length..] ?? "4", CultureInfo.InvariantCulture);
int maxPractices = int.Parse(args.FirstOrDefault(a => a.StartsWith("--max-practices=", StringComparison.Ordinal))?["--max-practices=".Length..] ?? "1000", CultureInfo.InvariantCulture);
int cap = int.Parse(args.FirstOrDefault(a => a.StartsWith("--cap=", StringComparison.Ordinal))?["--cap=".Length..] ?? "1000000", CultureInfo.InvariantCulture);
var options = new ExactOptions
{
    TimeLimit = TimeSpan.FromSeconds(seconds), Formulation = formulation, MaxCandidateConsortia = cap,
    LogLevel = args.Contains("--log") ? 1 : 0,
    CountSolveFirst = args.Contains("--count-first"),
    HeuristicWarmStart = !args.Contains("--no-warm"),
    SolverParameters = (args.FirstOrDefault(a => a.StartsWith("--sat=", StringComparison.Ordinal))?["--sat=".Length..] ?? "").Replace(',', ' '),
    Workers = int.Parse(args.FirstOrDefault(a => a.StartsWith("--workers=", StringComparison.Ordinal))?["--workers=".Length..] ?? "0", CultureInfo.InvariantCulture),
    ReducedCostFixing = !args.Contains("--no-rc"),
    PairBranching = args.Contains("--pairs"),
    SubsetRowCuts = !args.Contains("--no-cuts"),
    CompactnessBranching = !args.Contains("--no-branch"),
    CompactnessDepthFirst = args.Contains("--dfs"),
    FiveRowCuts = args.Contains("--five"),
    CapacityCuts = !args.Contains("--no-capacity"),
    CountNearBound = !args.Contains("--no-near"),
    CompactnessBranchingShare = double.Parse(args.FirstOrDefault(a => a.StartsWith("--branch-share=", StringComparison.Ordinal))?["--branch-share=".Length..] ?? "0.5", CultureInfo.InvariantCulture),
    MipEngine = args.Contains("--scip") ? MipEngine.Scip : args.Contains("--cpsat") ? MipEngine.CpSat : MipEngine.Portfolio,
    ReducedCostFixingMinColumns = int.Parse(args.FirstOrDefault(a => a.StartsWith("--rc-min=", StringComparison.Ordinal))?["--rc-min=".Length..] ?? "0", CultureInfo.InvariantCulture),
};
ulong[] heuristicSeeds = (args.FirstOrDefault(a => a.StartsWith("--seeds=", StringComparison.Ordinal))?["--seeds=".Length..] ?? "1")
    .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => ulong.Parse(v, CultureInfo.InvariantCulture)).ToArray();
const double LocalityMax = 30_000;
if (args.Contains("--ccgs-2021"))
{
    string ccgPath = Environment.GetEnvironmentVariable("PARTITIONER_PRACTICES_2021") ?? "/work/shared/data/real/practices/gp_practices_england_2021_22.csv";
    Partitioner.Bench.Exact.CcgLocalities.Run(ccgPath, options, LocalityMax, only, maxPractices, args.Contains("--phases"));
    return;
}

var instances = new List<(string Name, Problem Area, double Max, string Note)>();
if (args.Contains("--wide"))
{
    foreach (var (rows, cols) in new[] { (7, 7), (6, 8), (8, 8) })
        for (int seed = 1; seed <= 10; seed++)
            instances.Add(($"wide{rows}x{cols}-{seed}", UniformGrid(rows, cols, seed, 3_000, 12_000), LocalityMax, ""));
}
else
{
    foreach (var (rows, cols) in new[] { (5, 5), (6, 6), (7, 7), (6, 8), (8, 8) })
    {
        for (int seed = 1; seed <= 2; seed++)
            instances.Add(($"grid{rows}x{cols}-s{seed}", Grid(rows, cols, seed, 3_000, 12_000, new ConsortiumRules()), LocalityMax, ""));
    }
    string path = Environment.GetEnvironmentVariable("PARTITIONER_PRACTICES") ?? "/work/shared/data/real/practices/gp_practices_england_2014_15.csv";
    if (File.Exists(path)) instances.AddRange(RealCcgs(path, 12));
    else Console.Error.WriteLine($"# {path} not found: grids only.");
}
// Per heuristic seed: counts missed and gaps to proven optima (same count).
var bySeed = heuristicSeeds.ToDictionary(x => x, _ => (Missed: 0, Gaps: new List<double>()));

Console.WriteLine($"# exact: {formulation}, limit {seconds} s; heuristic: Seed {string.Join('/', heuristicSeeds)}, {heuristicRestarts} restarts, {(heuristicSteps is null ? "default steps" : heuristicSteps + " steps")} each, limit {heuristicSeconds} s; localities of at most 30,000 patients (fewest, then most compact)");
Console.WriteLine("instance,practices,patients,localities,status,seconds,objective,bound,gap%,measure,heur_localities,heur_objective,heur_gap%,heur_seconds,note");
int proven = 0, provenUpTo50 = 0, upTo50 = 0, moreLocalities = 0, ran = 0;
var gaps = new List<double>();
foreach (var (name, area, max, note) in instances)
{
    if (only is not null && !name.Contains(only, StringComparison.Ordinal)) continue;
    if (area.PracticeCount > maxPractices) continue;
    ran++;
    var r = ExactSolver.SplitIntoLocalities(area, max, 0, options);
    int n = area.PracticeCount;
    if (r.Status is ExactStatus.Optimal or ExactStatus.Infeasible) proven++;
    if (n <= 50)
    {
        upTo50++;
        if (r.Status is ExactStatus.Optimal or ExactStatus.Infeasible) provenUpTo50++;
    }
    // Every seed adds to its summary; the last one run, the first seed given, fills the CSV row.
    var (hk, hObj, hGap, hNote, hSeconds) = (0, double.NaN, double.NaN, "", 0.0);
    foreach (var hs in heuristicSeconds > 0 ? heuristicSeeds.Reverse() : [])
    {
        (hk, hObj, hGap, hNote, hSeconds) = Heuristic(area, max, r, heuristicSeconds, heuristicSteps, heuristicRestarts, hs);
        if (r.Status != ExactStatus.Optimal) continue;
        if (double.IsFinite(hGap)) bySeed[hs].Gaps.Add(hGap);
        else if (hk != r.ConsortiumCount) bySeed[hs] = (bySeed[hs].Missed + 1, bySeed[hs].Gaps);
    }
    if (double.IsFinite(hGap) && r.Status == ExactStatus.Optimal) gaps.Add(hGap);
    if (r.Status == ExactStatus.Optimal && hk > 0 && hk != r.ConsortiumCount) moreLocalities++;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name},{n},{area.Patients.Sum():0},{r.ConsortiumCount},{r.Status},{r.Elapsed.TotalSeconds:0.00},{r.Objective:0},{r.Bound:0},{r.Gap * 100:0.00},{r.Measure},{hk},{hObj:0},{hGap:0.00},{hSeconds:0.00},{Csv((note + " " + hNote).Trim())}"));
    if (only is not null) Console.WriteLine("# " + r.Message);
    if (args.Contains("--phases"))
        foreach (var step in r.Phases)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"#   {name} phase '{step.Phase}': from {step.At.TotalSeconds:0.00} s, granted {step.Granted.TotalSeconds:0.00} s of {step.Left.TotalSeconds:0.00} s left"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# proven (optimal or infeasible): {proven}/{ran}; up to 50 practices: {provenUpTo50}/{upTo50}; heuristic used more localities than the proven fewest on {moreLocalities}; heuristic gap to proven optima (same count) mean {(gaps.Count > 0 ? gaps.Average() : double.NaN):0.00}%, max {(gaps.Count > 0 ? gaps.Max() : double.NaN):0.00}% over {gaps.Count}"));
if (heuristicSeeds.Length > 1 && heuristicSeconds > 0)
    foreach (var (hs, (missed, g)) in bySeed)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# heuristic seed {hs}: fewest count missed on {missed}; gap to proven optima (same count) mean {(g.Count > 0 ? g.Average() : double.NaN):0.00}%, max {(g.Count > 0 ? g.Max() : double.NaN):0.00}%, more than 1% off on {g.Count(x => x > 1)} of {g.Count}"));

if (consortia)
{
    Console.WriteLine("instance,practices,status,seconds,objective,bound,gap%,measure");
    foreach (var (rows, cols) in new[] { (4, 5), (5, 5), (5, 6), (6, 6), (6, 7), (7, 7) })
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            var problem = Grid(rows, cols, seed, 10_000, 30_000, new ConsortiumRules
            {
                MinPatients = 90_000,
                MaxPatients = 160_000,
                Deprivation = new BalanceTolerance(0.15, ToleranceKind.Relative),
            });
            var r = ExactSolver.Solve(problem, options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"grid{rows}x{cols}-s{seed},{problem.PracticeCount},{r.Status},{r.Elapsed.TotalSeconds:0.00},{r.Objective:0},{r.Bound:0},{r.Gap * 100:0.00},{r.Measure}"));
        }
    }
}

// The heuristic on the same locality rules; its plan is measured like the exact plan. Gap only when counts agree
// (fewer localities always wins lexicographically; more localities is not comparable on compactness).
static (int Count, double Objective, double GapPercent, string Note, double Seconds) Heuristic(Problem area, double max, ExactResult exact, double seconds, long? steps, int restarts, ulong seed)
{
    // The heuristic needs a positive minimum; 1 patient is the same rule as 0 since every practice has patients.
    var rules = new ConsortiumRules { MinPatients = 1, MaxPatients = max, CountPreference = CountPreference.Fewest };
    var problem = new Problem(area.Graph, area.Patients, area.Deprivation, area.Spend, area.X, area.Y, rules, practiceCodes: area.PracticeCodes);
    SolveResult h;
    try
    {
        h = Solver.Solve(problem, new SolverOptions { Seed = seed, Restarts = restarts, MaxSteps = steps, TimeLimit = TimeSpan.FromSeconds(seconds) });
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
    {
        return (0, double.NaN, double.NaN, "heuristic: n/a (" + e.Message + ")", 0);
    }
    double took = h.Statistics.Elapsed.TotalSeconds;
    if (h.Status == SolveStatus.Infeasible || h.ConsortiumOf.Length == 0) return (0, double.NaN, double.NaN, "heuristic: no plan: " + string.Join(" / ", h.Issues.Select(i => i.Message)), took);
    double obj = exact.Measure == CompactnessMeasure.AboutCentroid
        ? Compactness.PlanAboutCentroid(problem, h.ConsortiumOf)
        : Compactness.PlanAboutCentre(problem, h.ConsortiumOf);
    if (!exact.HasPlan) return (h.ConsortiumCount, obj, double.NaN, "", took);
    if (h.ConsortiumCount != exact.ConsortiumCount)
        return (h.ConsortiumCount, obj, double.NaN, $"heuristic used {h.ConsortiumCount} localities vs {exact.ConsortiumCount}", took);
    double gap = (obj - exact.Objective) / Math.Max(exact.Objective, 1e-9) * 100;
    return (h.ConsortiumCount, obj, gap, exact.Status == ExactStatus.Optimal ? "" : "gap vs unproven plan", took);
}

static IEnumerable<(string, Problem, double, string)> RealCcgs(string path, int count)
{
    var all = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
    var byCcg = all.Practices.Where(p => p.Patients > 0 && !string.IsNullOrEmpty(p.Group))
        .GroupBy(p => p.Group!, StringComparer.Ordinal)
        .Where(g => g.Count() is >= 20 and <= 80)
        .OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .ToList();
    // A deterministic spread of sizes: evenly spaced through the CCGs sorted by practice count.
    var picked = Enumerable.Range(0, count).Select(k => byCcg[(int)Math.Round(k * (byCcg.Count - 1) / (double)(count - 1))])
        .DistinctBy(g => g.Key).OrderBy(g => g.Count());
    foreach (var ccg in picked)
    {
        var practices = ccg.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        double largest = practices.Max(p => p.Patients);
        double max = LocalityMax;
        string note = "";
        if (largest > LocalityMax)
        {
            max = Math.Ceiling(largest);
            note = $"largest practice has {largest:0} patients: max raised to {max:0}";
        }
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = max };
        Problem problem;
        try
        {
            var study = Study.Prepare(new PracticeSet(practices, [], all.InputCoordinates), rules, MissingValuePolicy.Exclude);
            problem = study.ToProblem();
        }
        catch (Exception e) when (e is InputException or ArgumentException)
        {
            Console.Error.WriteLine($"# CCG {ccg.Key} skipped: {e.Message}");
            continue;
        }
        yield return ($"ccg-{ccg.Key}", problem, max, note);
    }
}

/// A grid as the Exact tests draw it (their TestProblems, linked): patients first from the seed's stream; deprivation 20
/// and spend £150 per patient.
static Problem UniformGrid(int rows, int cols, int seed, double low, double high) =>
    TestProblems.Grid(rows, cols, TestProblems.RandomPatients(rows * cols, seed, low, high), new ConsortiumRules(), TestProblems.Filled(rows * cols, 20));

static string Csv(string s) => s.Contains(',') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

static Problem Grid(int rows, int cols, int seed, double low, double high, ConsortiumRules rules)
{
    // Patients and deprivation drawn in turn, practice by practice (the stream the results were measured with).
    var random = new Random(seed);
    int n = rows * cols;
    var patients = new double[n];
    var deprivation = new double[n];
    for (int v = 0; v < n; v++)
    {
        patients[v] = Math.Round(low + random.NextDouble() * (high - low));
        deprivation[v] = 5 + 40 * random.NextDouble();
    }
    return TestProblems.Grid(rows, cols, patients, rules, deprivation);
}
