using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving;

/// <summary>
/// Count preferences on nearly full consortia: the fewest whole consortia the bounds allow (⌈patients / max⌉) needs
/// consortia within a few percent of the maximum, which random spanning-tree carving rarely reaches; the solver then
/// carves with relaxed bounds and repairs the plan.
/// </summary>
public sealed class SolverCountTests
{
    private const double Max = 30_000;

    /// <summary>
    /// A rows×cols grid of practices 1 km apart with 3,000–12,000 patients each (drawn as in
    /// tools/Partitioner.Bench.Exact, where the exact solver proves the fewest count for these seeds); consortia of 1–30,000 patients.
    /// </summary>
    private static Problem NearlyFull(int rows, int cols, int seed, CountPreference preference, double min = 1)
    {
        var rng = new Random(seed);
        int n = rows * cols;
        var edges = new List<(int, int)>();
        var x = new double[n]; var y = new double[n]; var p = new double[n]; var dep = new double[n];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = r * cols + c;
                x[v] = 400_000 + 1000 * c; y[v] = 300_000 + 1000 * r;
                p[v] = Math.Round(3_000 + 9_000 * rng.NextDouble());
                dep[v] = 5 + 40 * rng.NextDouble();
                if (c + 1 < cols) edges.Add((v, v + 1));
                if (r + 1 < rows) edges.Add((v, v + cols));
            }
        var rules = new ConsortiumRules { MinPatients = min, MaxPatients = min > 1 ? 8 * min : Max, CountPreference = preference };
        return new Problem(AdjacencyGraph.FromEdges(n, edges), p, dep, p.Select(q => q * 150).ToArray(), x, y, rules);
    }

    private static int Fewest(Problem p) => (int)Math.Ceiling(p.Patients.Sum() / Max);

    /// <summary>True when 2,000 random spanning trees (the default) carve the area into <paramref name="k"/> pieces within the bounds.</summary>
    private static bool CarvingAloneReaches(Problem p, int k)
    {
        var model = Presolve.Build(p, SolveMode.Strict, new List<Infeasibility>());
        var carver = new SpanningTreeCarver(model, new SpanningTree(model));
        var rng = Xoshiro256.ForRestart(1, 0);
        return carver.Carve([k], new int[p.PracticeCount], 2_000, ref rng, CancellationToken.None);
    }

    /// <summary>Instances where the exact solver proves ⌈patients / max⌉ localities possible but 2,000 random trees cannot carve them.</summary>
    public static TheoryData<int, int, int> TightInstances => new() { { 6, 8, 1 }, { 7, 7, 2 } };

    [Theory]
    [MemberData(nameof(TightInstances))]
    public void Fewest_reaches_the_fewest_count_where_carving_alone_cannot(int rows, int cols, int seed)
    {
        var problem = NearlyFull(rows, cols, seed, CountPreference.Fewest);
        int fewest = Fewest(problem);
        Assert.False(CarvingAloneReaches(problem, fewest), "the instance should be beyond carving alone, or it tests nothing");

        var result = Solver.Solve(problem, new SolverOptions { Seed = 1 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(fewest, result.ConsortiumCount);
        Assert.Empty(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount));
    }

    [Fact]
    public void Fewest_never_goes_below_the_count_asked_for()
    {
        var tight = NearlyFull(6, 8, 1, CountPreference.Fewest);
        int fewest = Fewest(tight);
        var problem = new Problem(tight.Graph, tight.Patients, tight.Deprivation, tight.Spend, tight.X, tight.Y,
            tight.Rules with { MinCount = fewest + 2 });

        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, MaxSteps = 300_000 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(fewest + 2, result.ConsortiumCount);
    }

    [Fact]
    public void Repaired_plan_is_the_same_on_one_and_two_threads()
    {
        var problem = NearlyFull(7, 7, 2, CountPreference.Fewest);
        SolveResult Run(int threads) => Solver.Solve(problem, new SolverOptions { Seed = 3, MaxSteps = 300_000, MaxDegreeOfParallelism = threads });

        var one = Run(1);
        var two = Run(2);

        Assert.Equal(SolveStatus.Feasible, one.Status);
        Assert.Equal(one.ConsortiumOf, two.ConsortiumOf);
        Assert.Equal(one.Objective.Total, two.Objective.Total);
    }

    [Fact]
    public void Count_preference_ranks_counts_before_the_objective()
    {
        var issues = new List<Infeasibility>();
        var fewest = Presolve.Build(NearlyFull(5, 5, 1, CountPreference.Fewest), SolveMode.Strict, issues);
        var most = Presolve.Build(NearlyFull(5, 5, 1, CountPreference.Most), SolveMode.Strict, issues);
        var none = Presolve.Build(NearlyFull(5, 5, 1, CountPreference.None), SolveMode.Strict, issues);

        Assert.Equal(0, fewest.Counts.Rank(fewest.Counts.KMin));
        Assert.True(fewest.Counts.Rank(fewest.Counts.KMin) < fewest.Counts.Rank(fewest.Counts.KMin + 1));
        Assert.Equal(0, most.Counts.Rank(most.Counts.KMax));
        Assert.True(most.Counts.Rank(most.Counts.KMax) < most.Counts.Rank(most.Counts.KMax - 1));
        Assert.Equal(none.Counts.Rank(none.Counts.KMin), none.Counts.Rank(none.Counts.KMin + 1));
    }

    /// <summary>
    /// "Most" with a minimum of 25,000 patients on 600–625 practices: the most count the patients allow needs consortia
    /// within a few percent of the minimum, which carving cannot reach (checked). The first plan comes from greedy cuts
    /// of depth-first trees (FloorCarver) and consortia are split in two from there: a plan meeting every rule, with
    /// more consortia than without a preference and at least 85% of the most possible, the same on one and two threads.
    /// </summary>
    [Theory]
    [InlineData(25, 25, 1)]
    [InlineData(30, 20, 2)]
    public void Most_reaches_near_the_most_count_carving_alone_cannot(int rows, int cols, int seed)
    {
        const double Min = 25_000;
        var problem = NearlyFull(rows, cols, seed, CountPreference.Most, Min);
        int most = (int)Math.Floor(problem.Patients.Sum() / Min);
        Assert.False(CarvingAloneReaches(problem, most), "the most count should be beyond carving alone, or it tests nothing");

        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, MaxDegreeOfParallelism = 2 });
        var oneThread = Solver.Solve(problem, new SolverOptions { Seed = 1, MaxDegreeOfParallelism = 1 });
        var none = Solver.Solve(new Problem(problem.Graph, problem.Patients, problem.Deprivation, problem.Spend, problem.X, problem.Y,
            problem.Rules with { CountPreference = CountPreference.None }), new SolverOptions { Seed = 1 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Empty(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount));
        Assert.Equal(result.ConsortiumOf, oneThread.ConsortiumOf); // splitting is deterministic too
        Assert.True(result.ConsortiumCount > none.ConsortiumCount && result.ConsortiumCount >= 0.85 * most,
            $"most gave {result.ConsortiumCount} consortia, no preference {none.ConsortiumCount}, most possible {most}");
    }
}
