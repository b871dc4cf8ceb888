using System.Globalization;
using System.Text;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Solving;

/// <summary>
/// Pins the solver's behaviour: the plans (practice → consortium) of a fixed set of runs that end on their step budget,
/// as hashes. A change meant to keep behaviour (a refactoring, a speed-up) must leave every hash as it is; a change
/// that moves a plan on purpose updates the table and says in its commit which runs changed and why. On a mismatch the
/// failure lists the whole table as measured, ready to paste.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PlanHashTests
{
    private static string Root => Support.RealData.RepositoryRoot;

    /// <summary>Bundled data and synthetic runs: every clone has them.</summary>
    private static readonly Dictionary<string, string> Pinned = new(StringComparer.Ordinal)
    {
        ["england-balance"] = "best k=131 9a1cc8a0dba7845c",
        ["england-disruption"] = "ok k=131 6dec1b619e4e236d",
        ["england-fewest"] = "ok k=77 19c5ac85618a0ab2",
        ["england-most"] = "ok k=528 784c66a6536eaf1a",
        ["england-plain"] = "ok k=133 f5038425d1256086",
        ["grid-groups-disruption"] = "ok k=14 28396996861a4d85",
        ["grid-infeasible-strict"] = "none k=0 cbf29ce484222325",
        ["grid-jitter-balance"] = "best k=17 a5367568ae6b25fa",
        ["grid-locks-fewest"] = "ok k=9 9d2e7462760cb38e",
        ["grid-stall-limit"] = "ok k=13 4e5ed0a1bee0f917",
        ["islands-share"] = "best k=14 fd0d594bbadc2668",
        ["localities-grid5x5-g1-s1"] = "ok k=7 f9bc4d20f296295f",
        ["localities-grid5x5-g1-s2"] = "ok k=7 f9bc4d20f296295f",
        ["localities-grid5x5-g1-s3"] = "ok k=7 f9bc4d20f296295f",
        ["localities-grid5x5-g1-s4"] = "ok k=7 f9bc4d20f296295f",
        ["localities-grid5x5-g2-s1"] = "ok k=6 1f286edcfb6414b5",
        ["localities-grid5x5-g2-s2"] = "ok k=6 1f286edcfb6414b5",
        ["localities-grid5x5-g2-s3"] = "ok k=6 1f286edcfb6414b5",
        ["localities-grid5x5-g2-s4"] = "ok k=6 1f286edcfb6414b5",
        ["localities-grid6x6-g1-s1"] = "ok k=11 857fc16938d376ed",
        ["localities-grid6x6-g1-s2"] = "ok k=11 857fc16938d376ed",
        ["localities-grid6x6-g1-s3"] = "ok k=11 857fc16938d376ed",
        ["localities-grid6x6-g1-s4"] = "ok k=11 857fc16938d376ed",
        ["localities-grid6x6-g2-s1"] = "ok k=9 e06f674a3836b6a2",
        ["localities-grid6x6-g2-s2"] = "ok k=9 e06f674a3836b6a2",
        ["localities-grid6x6-g2-s3"] = "ok k=9 e06f674a3836b6a2",
        ["localities-grid6x6-g2-s4"] = "ok k=9 e06f674a3836b6a2",
        ["localities-grid6x8-g1-s1"] = "ok k=13 fa5de31d1aecdbcc",
        ["localities-grid6x8-g1-s2"] = "ok k=13 fa5de31d1aecdbcc",
        ["localities-grid6x8-g1-s3"] = "ok k=13 fa5de31d1aecdbcc",
        ["localities-grid6x8-g1-s4"] = "ok k=13 fa5de31d1aecdbcc",
        ["localities-grid6x8-g2-s1"] = "ok k=12 7135d37e612eb42b",
        ["localities-grid6x8-g2-s2"] = "ok k=12 a7df94b3beddd0fb",
        ["localities-grid6x8-g2-s3"] = "ok k=12 a7df94b3beddd0fb",
        ["localities-grid6x8-g2-s4"] = "ok k=12 7135d37e612eb42b",
        ["localities-grid7x7-g1-s1"] = "ok k=14 7abe56febc427d28",
        ["localities-grid7x7-g1-s2"] = "ok k=14 7abe56febc427d28",
        ["localities-grid7x7-g1-s3"] = "ok k=14 7abe56febc427d28",
        ["localities-grid7x7-g1-s4"] = "ok k=14 7abe56febc427d28",
        ["localities-grid7x7-g2-s1"] = "ok k=12 b37453fb6a154f17",
        ["localities-grid7x7-g2-s2"] = "ok k=12 b37453fb6a154f17",
        ["localities-grid7x7-g2-s3"] = "ok k=12 b37453fb6a154f17",
        ["localities-grid7x7-g2-s4"] = "ok k=12 b37453fb6a154f17",
        ["localities-grid8x8-g1-s1"] = "ok k=17 280259dfcb08b4df",
        ["localities-grid8x8-g1-s2"] = "ok k=17 280259dfcb08b4df",
        ["localities-grid8x8-g1-s3"] = "ok k=17 280259dfcb08b4df",
        ["localities-grid8x8-g1-s4"] = "ok k=17 280259dfcb08b4df",
        ["localities-grid8x8-g2-s1"] = "ok k=16 9e365bb9c5021b3f",
        ["localities-grid8x8-g2-s2"] = "ok k=16 9e365bb9c5021b3f",
        ["localities-grid8x8-g2-s3"] = "ok k=16 9e365bb9c5021b3f",
        ["localities-grid8x8-g2-s4"] = "ok k=16 9e365bb9c5021b3f",
        ["region-absolute-spend"] = "ok k=8 987a092f43f15251",
        ["region-balance-s1"] = "ok k=8 6376b91a361a5f0a",
        ["region-balance-s2"] = "ok k=8 601f422562d2776b",
        ["region-count-bounds"] = "ok k=7 e0ef6d4f306a7f36",
        ["region-disruption-spread"] = "ok k=7 03d9882c04375d40",
        ["region-fewest"] = "ok k=4 e98de10478516083",
        ["region-locks"] = "ok k=8 cd0b0c8a9f30870d",
        ["region-most"] = "ok k=26 79bc495e9d3a0bae",
        ["region-plain-s1"] = "ok k=8 2c48636aa14da405",
        ["region-plain-s2"] = "ok k=8 2c48636aa14da405",
        ["region-share-best-effort"] = "ok k=8 d53438101729a89e",
        ["region-target"] = "ok k=5 e123ea0808fdf2c8",
    };

    /// <summary>The exact benchmark's twelve real CCGs (tools/Partitioner.Bench.Exact) split into localities, seeds 1–4.</summary>
    private static readonly Dictionary<string, string> PinnedReal = new(StringComparer.Ordinal)
    {
        ["localities-ccg00-s1"] = "ok k=5 ce52c76bc815ad7b",
        ["localities-ccg00-s2"] = "ok k=5 ce52c76bc815ad7b",
        ["localities-ccg00-s3"] = "ok k=5 ce52c76bc815ad7b",
        ["localities-ccg00-s4"] = "ok k=5 ce52c76bc815ad7b",
        ["localities-ccg01-s1"] = "ok k=5 da4d0c3ab83f068c",
        ["localities-ccg01-s2"] = "ok k=5 da4d0c3ab83f068c",
        ["localities-ccg01-s3"] = "ok k=5 da4d0c3ab83f068c",
        ["localities-ccg01-s4"] = "ok k=5 da4d0c3ab83f068c",
        ["localities-ccg02-s1"] = "ok k=7 d4c673acab6a80d9",
        ["localities-ccg02-s2"] = "ok k=7 d4c673acab6a80d9",
        ["localities-ccg02-s3"] = "ok k=7 d4c673acab6a80d9",
        ["localities-ccg02-s4"] = "ok k=7 d4c673acab6a80d9",
        ["localities-ccg03-s1"] = "ok k=7 4d06baf9ee0f338f",
        ["localities-ccg03-s2"] = "ok k=7 4d06baf9ee0f338f",
        ["localities-ccg03-s3"] = "ok k=7 4d06baf9ee0f338f",
        ["localities-ccg03-s4"] = "ok k=7 4d06baf9ee0f338f",
        ["localities-ccg04-s1"] = "ok k=8 e88ace2243e22d3b",
        ["localities-ccg04-s2"] = "ok k=8 e88ace2243e22d3b",
        ["localities-ccg04-s3"] = "ok k=8 e88ace2243e22d3b",
        ["localities-ccg04-s4"] = "ok k=8 e88ace2243e22d3b",
        ["localities-ccg05-s1"] = "ok k=12 4b2dbd0471180249",
        ["localities-ccg05-s2"] = "ok k=12 4b2dbd0471180249",
        ["localities-ccg05-s3"] = "ok k=12 4b2dbd0471180249",
        ["localities-ccg05-s4"] = "ok k=12 4b2dbd0471180249",
        ["localities-ccg06-s1"] = "ok k=7 35a8ebcfec588b69",
        ["localities-ccg06-s2"] = "ok k=7 35a8ebcfec588b69",
        ["localities-ccg06-s3"] = "ok k=7 35a8ebcfec588b69",
        ["localities-ccg06-s4"] = "ok k=7 35a8ebcfec588b69",
        ["localities-ccg07-s1"] = "ok k=9 0f3ba5fe16dabdeb",
        ["localities-ccg07-s2"] = "ok k=9 0f3ba5fe16dabdeb",
        ["localities-ccg07-s3"] = "ok k=9 0f3ba5fe16dabdeb",
        ["localities-ccg07-s4"] = "ok k=9 0f3ba5fe16dabdeb",
        ["localities-ccg08-s1"] = "ok k=10 1cdaf02b02361e78",
        ["localities-ccg08-s2"] = "ok k=10 1cdaf02b02361e78",
        ["localities-ccg08-s3"] = "ok k=10 1cdaf02b02361e78",
        ["localities-ccg08-s4"] = "ok k=10 1cdaf02b02361e78",
        ["localities-ccg09-s1"] = "ok k=10 15b2b1ba148fbaa4",
        ["localities-ccg09-s2"] = "ok k=10 15b2b1ba148fbaa4",
        ["localities-ccg09-s3"] = "ok k=10 15b2b1ba148fbaa4",
        ["localities-ccg09-s4"] = "ok k=10 15b2b1ba148fbaa4",
        ["localities-ccg10-s1"] = "ok k=21 6ec3b10f22fe9f54",
        ["localities-ccg10-s2"] = "ok k=21 6ec3b10f22fe9f54",
        ["localities-ccg10-s3"] = "ok k=21 6ec3b10f22fe9f54",
        ["localities-ccg10-s4"] = "ok k=21 6ec3b10f22fe9f54",
        ["localities-ccg11-s1"] = "ok k=14 4a25c1a4a251aa4a",
        ["localities-ccg11-s2"] = "ok k=14 4a25c1a4a251aa4a",
        ["localities-ccg11-s3"] = "ok k=14 4a25c1a4a251aa4a",
        ["localities-ccg11-s4"] = "ok k=14 49fd05795a45bc9e",
    };

    [Fact]
    public void Plans_of_the_pinned_runs_are_unchanged() => AssertPinned(Runs(), Pinned);

    [RealDataFact]
    public void Plans_of_the_pinned_real_ccg_runs_are_unchanged() => AssertPinned(RealRuns(), PinnedReal);

    private static void AssertPinned(IEnumerable<(string Name, Func<(Problem, SolverOptions)> Build)> runs, Dictionary<string, string> pinned)
    {
        var measured = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, build) in runs)
        {
            var (problem, options) = build();
            var result = Solver.Solve(problem, options with { TimeLimit = TimeSpan.FromMinutes(30) });
            Assert.True(result.Termination is TerminationReason.StepBudget or TerminationReason.Stalled or TerminationReason.PresolveInfeasible,
                $"{name} ended on {result.Termination}, not on its step budget: its plan would depend on the machine's speed.");
            measured[name] = Hash(result);
        }
        var wrong = measured.Where(m => !pinned.TryGetValue(m.Key, out var h) || h != m.Value).Select(m => m.Key).ToList();
        var missing = pinned.Keys.Where(k => !measured.ContainsKey(k)).ToList();
        if (wrong.Count == 0 && missing.Count == 0) return;
        var table = new StringBuilder();
        foreach (var (name, hash) in measured) table.Append(CultureInfo.InvariantCulture, $"        [\"{name}\"] = \"{hash}\",\n");
        Assert.Fail($"{wrong.Count} pinned plan(s) changed or are new ({string.Join(", ", wrong.Take(12))}{(wrong.Count > 12 ? ", …" : "")}); " +
            $"{missing.Count} no longer run ({string.Join(", ", missing)}). Measured:\n{table}");
    }

    /// <summary>Status, count and an FNV-1a hash of the assignment (labels are canonical: numbered by lowest practice).</summary>
    private static string Hash(SolveResult r)
    {
        ulong h = 14695981039346656037UL;
        foreach (int c in r.ConsortiumOf) { h ^= (uint)c; h *= 1099511628211UL; }
        string status = r.Status switch { SolveStatus.Feasible => "ok", SolveStatus.BestEffort => "best", _ => "none" };
        return string.Create(CultureInfo.InvariantCulture, $"{status} k={r.ConsortiumCount} {h:x16}");
    }

    private static IEnumerable<(string, Func<(Problem, SolverOptions)>)> Runs()
    {
        var region = new Lazy<Study>(() => Bundled("region", "practices.geojson", new ConsortiumRules(), MissingValuePolicy.Error));
        var england = new Lazy<Study>(() => Bundled("england", "practices.csv", new ConsortiumRules(), MissingValuePolicy.Error));
        var balance = new ConsortiumRules { Deprivation = new(0.1, ToleranceKind.Relative), Spend = new(0.1, ToleranceKind.Relative) };
        var englandBalance = new ConsortiumRules { Deprivation = new(0.2, ToleranceKind.Relative), Spend = new(0.1, ToleranceKind.Relative) };

        (Problem, SolverOptions) On(Lazy<Study> study, ConsortiumRules rules, long steps, ulong seed = 1, SolveMode mode = SolveMode.Strict,
            IReadOnlyList<KeyValuePair<string, string>>? locks = null, bool disruption = false) =>
            (Restate(study.Value, rules, locks, disruption), new SolverOptions { Seed = seed, MaxSteps = steps, Mode = mode });

        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            yield return ($"region-plain-s{seed}", () => On(region, new ConsortiumRules(), 30_000, seed));
            yield return ($"region-balance-s{seed}", () => On(region, balance, 30_000, seed, SolveMode.BestEffort));
        }
        yield return ("region-fewest", () => On(region, new ConsortiumRules { CountPreference = CountPreference.Fewest }, 30_000));
        yield return ("region-most", () => On(region, new ConsortiumRules { CountPreference = CountPreference.Most }, 30_000));
        yield return ("region-target", () => On(region, new ConsortiumRules { TargetSize = 500_000, CountPreference = CountPreference.NearestTarget }, 30_000));
        yield return ("region-count-bounds", () => On(region, new ConsortiumRules { MinCount = 6, MaxCount = 7 }, 30_000));
        yield return ("region-locks", () => On(region, new ConsortiumRules(), 30_000, locks: RegionLocks()));
        yield return ("region-disruption-spread", () => On(region, new ConsortiumRules { DisruptionWeight = 5, SpreadWeight = 0.5, Deprivation = new(0.25, ToleranceKind.Relative) }, 30_000, disruption: true));
        yield return ("region-share-best-effort", () => On(region, new ConsortiumRules { MinDeprivedShare = 0.45 }, 30_000, mode: SolveMode.BestEffort));
        yield return ("region-absolute-spend", () => On(region, new ConsortiumRules { Spend = new(4, ToleranceKind.Absolute) }, 30_000, mode: SolveMode.BestEffort));
        yield return ("england-plain", () => On(england, new ConsortiumRules(), 6_000));
        yield return ("england-balance", () => On(england, englandBalance, 6_000, mode: SolveMode.BestEffort));
        yield return ("england-fewest", () => On(england, new ConsortiumRules { CountPreference = CountPreference.Fewest }, 6_000));
        yield return ("england-most", () => On(england, new ConsortiumRules { CountPreference = CountPreference.Most }, 6_000));
        yield return ("england-disruption", () => On(england, new ConsortiumRules { DisruptionWeight = 1_000 }, 6_000, disruption: true));

        // Synthetic: islands, diagonals and jitter, missing values, locks, groups, a presolve-infeasible request.
        var tight = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 90_000, Deprivation = new(0.1, ToleranceKind.Relative), Spend = new(6, ToleranceKind.Absolute) };
        yield return ("grid-jitter-balance", () => (TestInstances.Grid(12, 10, tight, 3, diagonals: true, jitter: 0.6), new SolverOptions { Seed = 3, MaxSteps = 40_000, Mode = SolveMode.BestEffort }));
        yield return ("grid-groups-disruption", () => (TestInstances.Grid(10, 10, new ConsortiumRules { MinPatients = 50_000, MaxPatients = 120_000, DisruptionWeight = 2 }, 4, groups: true), new SolverOptions { Seed = 4, MaxSteps = 40_000 }));
        yield return ("islands-share", () => (TestInstances.Islands([6, 4, 5], new ConsortiumRules { MinPatients = 30_000, MaxPatients = 80_000, MinDeprivedShare = 0.3 }, 5), new SolverOptions { Seed = 5, MaxSteps = 40_000, Mode = SolveMode.BestEffort }));
        yield return ("grid-locks-fewest", () => (TestInstances.Grid(9, 9, new ConsortiumRules { MinPatients = 30_000, MaxPatients = 100_000, CountPreference = CountPreference.Fewest }, 6,
            locked: Locks(81, (0, 0), (1, 0), (80, 1)), lockNames: ["West", "East"]), new SolverOptions { Seed = 6, MaxSteps = 40_000 }));
        yield return ("grid-stall-limit", () => (TestInstances.Grid(10, 10, new ConsortiumRules { MinPatients = 50_000, MaxPatients = 120_000 }, 7), new SolverOptions { Seed = 7, MaxSteps = 200_000, StallLimit = 5_000 }));
        yield return ("grid-infeasible-strict", () => (TestInstances.Grid(6, 6, new ConsortiumRules { MinPatients = 200_000, MaxPatients = 210_000 }, 8), new SolverOptions { Seed = 8, MaxSteps = 10_000 }));

        // The exact benchmark's grids, split into localities of at most 30,000 (fewest, then most compact), default budget.
        foreach (var (rows, cols) in new[] { (5, 5), (6, 6), (7, 7), (6, 8), (8, 8) })
            for (int gridSeed = 1; gridSeed <= 2; gridSeed++)
                for (ulong seed = 1; seed <= 4; seed++)
                {
                    int r = rows, c = cols, g = gridSeed;
                    ulong s = seed;
                    yield return ($"localities-grid{r}x{c}-g{g}-s{s}", () => (Localities(BenchmarkGrid(r, c, g)), new SolverOptions { Seed = s }));
                }
    }

    private static IEnumerable<(string, Func<(Problem, SolverOptions)>)> RealRuns()
    {
        var ccgs = new Lazy<List<(string Name, Problem Area)>>(RealCcgs);
        for (int i = 0; i < 12; i++)
            for (ulong seed = 1; seed <= 4; seed++)
            {
                int k = i;
                ulong s = seed;
                yield return ($"localities-ccg{k:00}-s{s}", () => (Localities(ccgs.Value[k].Area), new SolverOptions { Seed = s }));
            }
    }

    private static Study Bundled(string name, string file, ConsortiumRules rules, MissingValuePolicy missing)
    {
        var folder = Path.Combine(Root, "data", name);
        var practices = PracticeReader.ReadFile(Path.Combine(folder, file), new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        return Study.Prepare(practices, rules, missing, BoundaryReader.ReadFile(Path.Combine(folder, "boundary.geojson")));
    }

    /// <summary>The study's problem under other rules (same practices and geography).</summary>
    private static Problem Restate(Study study, ConsortiumRules rules, IReadOnlyList<KeyValuePair<string, string>>? locks, bool disruption)
    {
        var p = study.ToProblem(locks, disruption);
        return new Problem(p.Graph, p.Patients, p.Deprivation, p.Spend, p.X, p.Y, rules, p.ExistingGroup, p.Locked, p.LockNames, p.PracticeCodes);
    }

    /// <summary>Locks that change the plain plan: two neighbours it puts apart pinned together, two it puts together pinned apart.</summary>
    private static List<KeyValuePair<string, string>> RegionLocks() =>
        [new("N00005", "North"), new("N00057", "North"), new("N00002", "South"), new("N00142", "West")];

    private static int[] Locks(int n, params (int Practice, int Lock)[] pins)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        foreach (var (p, l) in pins) a[p] = l;
        return a;
    }

    private static Problem Localities(Problem area) =>
        new(area.Graph, area.Patients, area.Deprivation, area.Spend, area.X, area.Y,
            new ConsortiumRules { MinPatients = 1, MaxPatients = Math.Max(30_000, area.Patients.Max()), CountPreference = CountPreference.Fewest },
            practiceCodes: area.PracticeCodes);

    /// <summary>The exact benchmark's grid: patients and deprivation drawn in turn per practice, 1 km apart, four neighbours.</summary>
    private static Problem BenchmarkGrid(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        int n = rows * cols;
        var patients = new double[n];
        var deprivation = new double[n];
        for (int v = 0; v < n; v++)
        {
            patients[v] = Math.Round(3_000 + random.NextDouble() * 9_000);
            deprivation[v] = 5 + 40 * random.NextDouble();
        }
        var edges = new List<(int, int)>();
        var x = new double[n];
        var y = new double[n];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = r * cols + c;
                x[v] = c * 1000.0;
                y[v] = r * 1000.0;
                if (c + 1 < cols) edges.Add((v, v + 1));
                if (r + 1 < rows) edges.Add((v, v + cols));
            }
        return new Problem(AdjacencyGraph.FromEdges(n, edges), patients, deprivation, patients.Select(p => p * 150).ToArray(), x, y, new ConsortiumRules());
    }

    /// <summary>The exact benchmark's real CCGs: twelve of 20–80 practices, evenly spread by practice count.</summary>
    private static List<(string, Problem)> RealCcgs()
    {
        var all = PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var byCcg = all.Practices.Where(p => p.Patients > 0 && !string.IsNullOrEmpty(p.Group))
            .GroupBy(p => p.Group!, StringComparer.Ordinal)
            .Where(g => g.Count() is >= 20 and <= 80)
            .OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var picked = Enumerable.Range(0, 12).Select(k => byCcg[(int)Math.Round(k * (byCcg.Count - 1) / 11.0)])
            .DistinctBy(g => g.Key).OrderBy(g => g.Count()).ToList();
        var result = new List<(string, Problem)>();
        foreach (var ccg in picked)
        {
            var practices = ccg.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
            var study = Study.Prepare(new PracticeSet(practices, [], all.InputCoordinates), new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 }, MissingValuePolicy.Exclude);
            result.Add((ccg.Key, study.ToProblem()));
        }
        return result;
    }
}
