using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Whether a plan has fewer consortia than a valid seed above the count bound (fewest, over set partitioning). First, with
/// subset-row cuts on, the cut relaxation of "fewer than the seed" is solved with no lower end on the count, and CP-SAT
/// minimises the count over its candidates of least reduced cost (<see cref="NearBound"/>): on the real 2021/22 CCGs this
/// finds the fewest count in 0.1–11 s where the race below found it late or not at all (91Q, 93C; 15E in some runs), and
/// where that count is the relaxation's bound it is proven at once. Then searches race over the same time below the best count,
/// and the first to decide stops the others: branching on pairs of practices on one core
/// (<see cref="PartitionFormulation.FindCount"/>; it decides areas with many candidates such as 15E, or stops at the first
/// plan with fewer consortia, still perhaps above the bound), and CP-SAT minimising the count over the patient range's
/// counts below the best on the other cores (<see cref="PartitionFormulation.FewestOnSat"/>), without the candidates the
/// relaxation rules out of every such plan (<see cref="CountDuals.Keep"/>). When branching stops undecided (a plan above
/// the bound, or <see cref="BranchingNodes"/> nodes), a second CP-SAT search from another random seed takes its core,
/// below the best count found. Without subset-row cuts CP-SAT runs alone on every core. Figures:
/// tools/Partitioner.Bench.Exact/RESULTS.md, tenth, eleventh and fourteenth parts.
/// </summary>
internal static class CountRace
{
    /// <summary>Share of the time left for the race (15E needed about 170 nodes of branching, 26 s at 2 cores, before the
    /// candidates of least reduced cost found its plan). The rest goes to compactness at the best count.</summary>
    private const double Share = 0.75;

    /// <summary>Nodes after which branching gives its core to a second CP-SAT search (it decided 15E in 170, 93C's plan in
    /// 95, 52R in 36; 91Q ran 2,776 without deciding).</summary>
    private const int BranchingNodes = 1_000;

    /// <summary>Least time left in the race for a second CP-SAT search to be started.</summary>
    private static readonly TimeSpan SecondSearchLeast = TimeSpan.FromSeconds(2);

    /// <summary>Share of the time left for CP-SAT over the candidates of least reduced cost, before the race.</summary>
    private const double NearShare = 0.25;

    /// <summary>The reduced costs up to which candidates are taken, widened in turn while no plan is made of them
    /// (CCG 91Q: no plan of 67 over the 1,057 candidates at 0.05; one over the 2,737 at 0.1, in 1.0 s).</summary>
    private static readonly double[] NearReducedCosts = [0.05, 0.1, 0.2];

    private const string ByBranching = "branching on pairs of practices";
    private const string ByLeastReducedCost = "CP-SAT over the candidates of least reduced cost found a plan at the LP bound";
    private const string ByRelaxation = "the LP relaxation with subset-row cuts";
    private const string BySat = "CP-SAT minimising the count";

    /// <summary>
    /// Searches below the count of <paramref name="start"/> from <paramref name="rangeMin"/> (the patient range's least
    /// count), raising <paramref name="minCount"/> (the count bound) with every proof. Returns the best plan, its count,
    /// whether that count is proven the fewest and what proved it.
    /// </summary>
    public static (int[] Seed, int Count, bool Proven, string How) BelowSeed(Problem problem, PartitionFormulation fewer,
        ExactOptions options, TimeBudget budget, int[] start, int rangeMin, ref int minCount)
    {
        int[] seed = start;
        int k = ExactSolver.Count(start);
        CountDuals? duals = null;
        if (options.SubsetRowCuts && options.CountNearBound)
        {
            int seedCount = k;
            duals = NearBound(problem, fewer, budget, rangeMin, ref seed, ref k, ref minCount);
            if (k == minCount) return (seed, k, true, k < seedCount ? ByLeastReducedCost : ByRelaxation);
        }
        int below = k;
        // Candidates the relaxation rules out of every plan below a count are left out of CP-SAT's model of that count.
        int[]? Kept(int under) => duals?.Keep(fewer.ColumnsForCount(rangeMin, under - 1), under - 1);
        if (!options.SubsetRowCuts)
            return Counted(problem, fewer.FewestOnSat(rangeMin, below - 1, budget.Grant("count on CP-SAT", Share)), below, seed, below, ref minCount);

        var limit = budget.Grant("count: branching raced with CP-SAT", Share);
        var raced = Stopwatch.StartNew();
        using var race = new CancellationTokenSource();
        // A search on CP-SAT below the count under, on the cores given; the first to decide stops the others.
        Task<Attempt> OnSat(int under, TimeSpan time, int cores, int randomSeed) => Task.Run(() =>
        {
            var answer = fewer.FewestOnSat(rangeMin, under - 1, time, race.Token, cores, randomSeed, Kept(under));
            if (answer.Status is EngineStatus.Optimal or EngineStatus.Infeasible) race.Cancel();
            return answer;
        });
        var first = OnSat(below, limit, Math.Max(1, Environment.ProcessorCount - 1), 0);
        Task<Attempt>? second = null;
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
    /// The count relaxation below the seed's count <paramref name="k"/> (<see
    /// cref="PartitionFormulation.CountRelaxation"/>; its bound raises <paramref name="minCount"/>), then CP-SAT minimising
    /// the count over its candidates of least reduced cost (<see cref="CountDuals.Least"/>), at most <see
    /// cref="NearReducedCosts"/>, the next only when no plan is made of those of the last: a plan found there with fewer
    /// consortia becomes the best so far (<paramref name="seed"/>, <paramref name="k"/>). A few thousand candidates hold a
    /// plan at the bound where one exists (real 2021/22 CCGs 91Q, 93C, 52R, 15N, 27D: 0.1–1.4 s; 15E: 7–11 s in some runs,
    /// none in 13 s in others; CP-SAT over all of them needed 26–35 s for 91Q's, or did not find it in a minute); what
    /// CP-SAT proves over them alone says nothing about the rest. Returns the relaxation (null without one) for the race
    /// that follows.
    /// </summary>
    private static CountDuals? NearBound(Problem problem, PartitionFormulation fewer, TimeBudget budget, int rangeMin,
        ref int[] seed, ref int k, ref int minCount)
    {
        var limit = budget.Grant("count: CP-SAT over the candidates of least reduced cost", NearShare);
        var clock = Stopwatch.StartNew();
        var duals = fewer.CountRelaxation(rangeMin, k - 1, seed, limit);
        if (duals is null) return null;
        minCount = Math.Clamp(PartitionFormulation.AtLeast(duals.Answer.Bound), minCount, k);
        int tried = -1;
        foreach (double reducedCost in NearReducedCosts)
        {
            var left = limit - clock.Elapsed;
            if (k == minCount || left < SatEngine.MinimumRun) break;
            // The relaxation was solved over the candidates the counts below k allow, and k changes only when the loop ends,
            // so these need no narrowing to the range.
            var near = duals.Least(reducedCost);
            if (near.Length == tried) continue;
            tried = near.Length;
            var answer = fewer.FewestOnSat(rangeMin, k - 1, left, columns: near);
            Adopt(problem, answer.Plan, ref seed, ref k);
            budget.Grant(string.Create(CultureInfo.InvariantCulture,
                $"count over {near.Length:N0} of {duals.Columns.Length:N0} candidates (reduced cost at most {reducedCost}, bound {duals.Answer.Bound:0.###}) ended: {answer.Status}, best {k}"), 0);
            if (answer.Status != EngineStatus.Infeasible || near.Length == duals.Columns.Length) break;
        }
        return duals;
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
