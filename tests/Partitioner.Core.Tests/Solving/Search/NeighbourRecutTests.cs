using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving.Search;

public sealed class NeighbourRecutTests
{
    private static readonly Func<bool> Never = () => false;

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 8).Select(s => new object[] { s });

    /// <summary>
    /// A 3×3 jittered grid small enough to list every plan. Seeds vary the objective and the rules: spread weight (odd),
    /// existing groups with a disruption weight (even), a lock on two neighbouring practices (multiples of 3), a
    /// deprivation balance rule (multiples of 4).
    /// </summary>
    private static Problem Tiny(int seed)
    {
        var rules = new ConsortiumRules
        {
            MinPatients = 12_000, MaxPatients = 40_000,
            SpreadWeight = seed % 2 == 1 ? 2 : 0,
            DisruptionWeight = seed % 2 == 0 ? 1 : 0,
            Deprivation = seed % 4 == 0 ? new BalanceTolerance(0.3, ToleranceKind.Relative) : null,
        };
        int[]? locked = null;
        if (seed % 3 == 0) { locked = Enumerable.Repeat(-1, 9).ToArray(); locked[0] = 0; locked[1] = 0; }
        return TestInstances.Grid(3, 3, rules, seed, diagonals: true, jitter: 0.6, locked: locked, lockNames: locked is null ? null : ["L"], groups: seed % 2 == 0);
    }

    /// <summary>Every plan of the problem that meets every rule (checked independently of the solver), by count.</summary>
    private static Dictionary<int, List<int[]>> ValidPlans(Problem problem)
    {
        var plans = new Dictionary<int, List<int[]>>();
        PlanCheck.EachPlan(problem.PracticeCount, (label, k) =>
        {
            if (PlanCheck.Measure(problem, label, k).Count > 0 || !LocksKept(problem, label)) return;
            if (!plans.TryGetValue(k, out var list)) plans[k] = list = new List<int[]>();
            list.Add((int[])label.Clone());
        });
        return plans;
    }

    /// <summary>Practices with the same lock share a consortium, and different locks do not.</summary>
    private static bool LocksKept(Problem p, int[] plan)
    {
        var home = new Dictionary<int, int>();
        var owner = new Dictionary<int, int>();
        for (int v = 0; v < p.PracticeCount; v++)
        {
            int l = p.Locked[v];
            if (l < 0) continue;
            if (home.TryGetValue(l, out int c) && c != plan[v]) return false;
            home[l] = plan[v];
            if (owner.TryGetValue(plan[v], out int other) && other != l) return false;
            owner[plan[v]] = l;
        }
        return true;
    }

    private static SearchData Model(Problem problem) => Presolve.Build(problem, SolveMode.Strict, new List<Infeasibility>());

    [Theory]
    [MemberData(nameof(Seeds))]
    public void From_the_worst_plan_of_a_count_the_polish_reaches_that_counts_optimum(int seed)
    {
        var problem = Tiny(seed);
        var model = Model(problem);
        var plans = ValidPlans(problem);
        int tested = 0;
        foreach (var (k, list) in plans)
        {
            // Up to MaxGroup consortia, the whole area is one group, so the polish is exact for the count.
            if (k < 2 || k > NeighbourRecut.MaxGroup || list.Count < 2) continue;
            var scores = list.Select(p => FullScoreCalculator.Score(model, p, k).Objective.Total).ToList();
            double optimum = scores.Min();
            var plan = (int[])list[scores.IndexOf(scores.Max())].Clone();

            var recut = new NeighbourRecut(model);
            int count = recut.Polish(plan, k, long.MaxValue / 2, Never);

            Assert.Equal(k, count);
            Assert.Empty(PlanCheck.Measure(problem, plan, count));
            Assert.True(LocksKept(problem, plan));
            Assert.Equal(optimum, FullScoreCalculator.Score(model, plan, count).Objective.Total, 1e-9 * Math.Max(1, Math.Abs(optimum)));
            Assert.True(recut.Improvements > 0 || scores.Max() - optimum <= 1e-9 * Math.Max(1, Math.Abs(optimum)));
            tested++;
        }
        Assert.True(tested > 0, "no count had two or more valid plans: the instance does not test anything");
    }

    /// <summary>A 2×3 grid of 10,000-patient practices: the left four in one consortium (40,000, over the maximum of
    /// 30,000), the right two in another.</summary>
    private static (Problem Problem, int[] Plan) Overfull(CountPreference preference)
    {
        var rules = new ConsortiumRules { MinPatients = 10_000, MaxPatients = 30_000, CountPreference = preference };
        var edges = new[] { (0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5) };
        var problem = TestInstances.FromEdges(6, edges, TestInstances.Filled(6, 10_000), rules);
        return (problem, [0, 0, 1, 0, 0, 1]);
    }

    [Fact]
    public void A_consortium_over_the_maximum_is_repaired_when_its_neighbours_have_room()
    {
        var (problem, plan) = Overfull(CountPreference.None);
        var model = Model(problem);
        Assert.True(FullScoreCalculator.Score(model, plan, 2).Violation > 0);

        int count = new NeighbourRecut(model).Polish(plan, 2, long.MaxValue / 2, Never);

        Assert.Equal(2, count);
        Assert.Empty(PlanCheck.Measure(problem, plan, count));
    }

    [Fact]
    public void Fewest_merges_neighbouring_consortia_into_fewer_when_the_rules_allow()
    {
        var rules = new ConsortiumRules { MinPatients = 10_000, MaxPatients = 30_000, CountPreference = CountPreference.Fewest };
        var edges = new[] { (0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5) };
        var problem = TestInstances.FromEdges(6, edges, TestInstances.Filled(6, 10_000), rules);
        var model = Model(problem);
        var plan = new[] { 0, 1, 1, 0, 2, 2 }; // three consortia of 20,000; two of 30,000 would do

        int count = new NeighbourRecut(model).Polish(plan, 3, long.MaxValue / 2, Never);

        Assert.Equal(2, count);
        Assert.Empty(PlanCheck.Measure(problem, plan, count));
        Assert.Equal(new[] { 0, 1 }, plan.Distinct().Order());
    }

    [Fact]
    public void Most_splits_neighbouring_consortia_into_more_up_to_the_most_the_rules_allow()
    {
        var rules = new ConsortiumRules { MinPatients = 20_000, MaxPatients = 30_000, CountPreference = CountPreference.Most };
        var edges = Enumerable.Range(0, 5).Select(i => (i, i + 1)).ToArray();
        var problem = TestInstances.FromEdges(6, edges, TestInstances.Filled(6, 10_000), rules);
        var plan = new[] { 0, 0, 0, 1, 1, 1 }; // two consortia of 30,000; three of 20,000 is the most allowed

        int count = new NeighbourRecut(Model(problem)).Polish(plan, 2, long.MaxValue / 2, Never);

        Assert.Equal(3, count);
        Assert.Empty(PlanCheck.Measure(problem, plan, count));
    }

    [Fact]
    public void Without_a_count_preference_the_count_stays()
    {
        var rules = new ConsortiumRules { MinPatients = 10_000, MaxPatients = 30_000 };
        var edges = new[] { (0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5) };
        var problem = TestInstances.FromEdges(6, edges, TestInstances.Filled(6, 10_000), rules);
        var plan = new[] { 0, 1, 1, 0, 2, 2 };

        int count = new NeighbourRecut(Model(problem)).Polish(plan, 3, long.MaxValue / 2, Never);

        Assert.Equal(3, count);
        Assert.Empty(PlanCheck.Measure(problem, plan, count));
    }

    [Fact]
    public void With_no_enumeration_budget_the_plan_is_left_as_it_is()
    {
        var (problem, plan) = Overfull(CountPreference.None);
        var before = (int[])plan.Clone();

        int count = new NeighbourRecut(Model(problem)).Polish(plan, 2, 0, Never);

        Assert.Equal(2, count);
        Assert.Equal(before, plan);
    }

    [Fact]
    public void Only_groups_holding_a_changed_consortium_are_tried()
    {
        // Two separate paths of four 10,000-patient practices (0–3 and 4–7), each cut badly as {one} + {three}:
        // consortia 0 = {0}, 1 = {1, 2, 3}, 2 = {4}, 3 = {5, 6, 7}. Halves of two practices each are more compact.
        var rules = new ConsortiumRules { MinPatients = 10_000, MaxPatients = 30_000 };
        var edges = new[] { (0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (6, 7) };
        var problem = TestInstances.FromEdges(8, edges, TestInstances.Filled(8, 10_000), rules);
        var model = Model(problem);
        var plan = new[] { 0, 1, 1, 1, 2, 3, 3, 3 };
        var onlySecond = (int[])plan.Clone();

        new NeighbourRecut(model).Polish(onlySecond, 4, long.MaxValue / 2, Never, [3]);
        new NeighbourRecut(model).Polish(plan, 4, long.MaxValue / 2, Never);

        Assert.Equal(new[] { 0, 1, 1, 1 }, onlySecond[..4]); // no group holding consortium 3 reaches the first path
        Assert.Equal(onlySecond[4], onlySecond[5]);
        Assert.Equal(onlySecond[6], onlySecond[7]);
        Assert.Equal(plan[0], plan[1]);
        Assert.Equal(plan[2], plan[3]);
        Assert.Empty(PlanCheck.Measure(problem, onlySecond, 4));
        Assert.Empty(PlanCheck.Measure(problem, plan, 4));
    }
}
