using System.Diagnostics;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Whether a plan has fewer consortia than a valid seed above the count bound (fewest, over set partitioning). Searches
/// race over the same time, and the first to decide stops the others: branching on pairs of practices on one core
/// (<see cref="PartitionFormulation.FindCount"/>; it decides areas with many candidates such as 15E, or stops at the first
/// plan with fewer consortia, still perhaps above the bound), and CP-SAT minimising the count over the patient range's
/// counts below the seed's on the other cores (<see cref="PartitionFormulation.FewestOnSat"/>; it finds the plans of 93C
/// and 91Q that branching does not). When branching stops undecided (a plan above the bound, or
/// <see cref="BranchingNodes"/> nodes), a second CP-SAT search from another random seed takes its core, below the best
/// count found. Without subset-row cuts CP-SAT runs alone on every core. Figures: tools/Partitioner.Bench.Exact/RESULTS.md,
/// tenth and eleventh parts.
/// </summary>
internal static class CountRace
{
    /// <summary>Share of the time left for the race (15E needs about 170 nodes of branching, 26 s at 2 cores; 91Q 26–35 s
    /// of CP-SAT). The rest goes to compactness at the best count.</summary>
    private const double Share = 0.75;

    /// <summary>Nodes after which branching gives its core to a second CP-SAT search (it decided 15E in 170, 93C's plan in
    /// 95, 52R in 36; 91Q ran 2,776 without deciding).</summary>
    private const int BranchingNodes = 1_000;

    /// <summary>Least time left in the race for a second CP-SAT search to be started.</summary>
    private static readonly TimeSpan SecondSearchLeast = TimeSpan.FromSeconds(2);

    private const string ByBranching = "branching on pairs of practices";
    private const string BySat = "CP-SAT minimising the count";

    /// <summary>
    /// Searches below the count of <paramref name="start"/> from <paramref name="rangeMin"/> (the patient range's least
    /// count), raising <paramref name="minCount"/> (the count bound) with every proof. Returns the best plan, its count,
    /// whether that count is proven the fewest and what proved it.
    /// </summary>
    public static (int[] Seed, int Count, bool Proven, string How) BelowSeed(Problem problem, PartitionFormulation fewer,
        ExactOptions options, TimeBudget budget, int[] start, int rangeMin, ref int minCount)
    {
        int below = ExactSolver.Count(start);
        if (!options.SubsetRowCuts)
            return Counted(problem, fewer.FewestOnSat(rangeMin, below - 1, budget.Grant("count on CP-SAT", Share)), below, start, below, ref minCount);

        var limit = budget.Grant("count: branching raced with CP-SAT", Share);
        var raced = Stopwatch.StartNew();
        using var race = new CancellationTokenSource();
        // A search on CP-SAT below the count under, on the cores given; the first to decide stops the others.
        Task<Attempt> OnSat(int under, TimeSpan time, int cores, int randomSeed) => Task.Run(() =>
        {
            var answer = fewer.FewestOnSat(rangeMin, under - 1, time, race.Token, cores, randomSeed);
            if (answer.Status is EngineStatus.Optimal or EngineStatus.Infeasible) race.Cancel();
            return answer;
        });
        var first = OnSat(below, limit, Math.Max(1, Environment.ProcessorCount - 1), 0);
        Task<Attempt>? second = null;
        int[] seed = start;
        int k = below;
        try
        {
            var decided = fewer.FindCount(minCount, below - 1, limit, out var branched, race.Token, BranchingNodes);
            Adopt(problem, branched, ref seed, ref k);
            if (decided == EngineStatus.Infeasible) minCount = below;
            if (k == minCount) race.Cancel();
            // Branching is done without deciding: its core searches on CP-SAT too, from another random seed, below the best
            // count found.
            else if (!race.IsCancellationRequested && limit - raced.Elapsed > SecondSearchLeast)
                second = OnSat(k, limit - raced.Elapsed, 1, 2);
        }
        catch
        {
            race.Cancel();
            try { Task.WaitAll(second is null ? [first] : [first, second]); } catch (AggregateException) { }
            throw;
        }
        // CP-SAT goes on to its limit unless a search has decided.
        var counted = first.GetAwaiter().GetResult();
        var again = second?.GetAwaiter().GetResult();
        if (k == minCount) return (seed, k, true, ByBranching);
        var answer = Counted(problem, counted, below, seed, k, ref minCount);
        // The second search ran below the count branching found (k).
        if (again is not null && !answer.Proven) answer = Counted(problem, again, k, answer.Seed, answer.Count, ref minCount);
        return answer;
    }

    /// <summary>
    /// What CP-SAT minimising the count over counts below <paramref name="below"/> (<paramref name="counted"/>) adds to the
    /// best plan so far (<paramref name="seed"/>, <paramref name="k"/> consortia) and to the count bound
    /// <paramref name="minCount"/>.
    /// </summary>
    private static (int[] Seed, int Count, bool Proven, string How) Counted(Problem problem, Attempt counted, int below, int[] seed, int k, ref int minCount)
    {
        // No plan below that count: it is the fewest.
        if (counted.Status == EngineStatus.Infeasible) minCount = Math.Max(minCount, below);
        else
        {
            bool valid = Adopt(problem, counted.Plan, ref seed, ref k);
            // CP-SAT's bound holds for every plan below that count, so for every plan.
            if (double.IsFinite(counted.Bound)) minCount = Math.Clamp(PartitionFormulation.AtLeast(counted.Bound), minCount, k);
            // None has fewer than its plan, which has at least k (the best plan so far, its own if fewer).
            if (counted.Status == EngineStatus.Optimal && valid) minCount = k;
        }
        return (seed, k, k == minCount, BySat);
    }

    /// <summary>
    /// Whether <paramref name="plan"/> is a plan meeting every rule; if so and it has fewer consortia than
    /// <paramref name="k"/>, it becomes the best plan so far (<paramref name="seed"/>, <paramref name="k"/>).
    /// </summary>
    private static bool Adopt(Problem problem, int[]? plan, ref int[] seed, ref int k)
    {
        if (plan is null || PlanCheck.PlanViolations(problem, plan).Count != 0) return false;
        int count = ExactSolver.Count(plan);
        if (count < k)
        {
            seed = plan;
            k = count;
        }
        return true;
    }
}
