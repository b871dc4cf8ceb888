using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class NeighbourhoodRecutTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Wall = TimeSpan.FromMinutes(5);

    // 4×4 grid, 10k patients each, consortia of exactly 8 practices. The start plan is two interlocking combs:
    //   A A A A
    //   A B B B
    //   A A A B
    //   B B B B
    private static readonly int[] Combs = [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1];

    private static Problem Square(ConsortiumRules? rules = null, double[]? deprivation = null, int[]? locked = null) =>
        TestProblems.Grid(4, 4, TestProblems.Filled(16, 10_000), rules ?? new ConsortiumRules { MinPatients = 75_000, MaxPatients = 85_000 },
            deprivation, locked: locked, lockNames: locked is null ? null : ["North"]);

    /// <summary>Every valid plan of two consortia of the 16 practices (each split once).</summary>
    private static IEnumerable<int[]> ValidSplits(Problem problem)
    {
        int n = problem.PracticeCount;
        for (int mask = 0; mask < 1 << (n - 1); mask++)
        {
            var plan = new int[n];
            for (int i = 0; i < n; i++) plan[i] = (mask >> i) & 1;
            if (PlanCheck.PlanViolations(problem, plan).Count == 0) yield return plan;
        }
    }

    /// <summary>Σ patients × squared distance (km²) to the centroids of <paramref name="centres"/>'s consortia.</summary>
    private static double AboutCentroidsOf(Problem problem, int[] plan, int[] centres)
    {
        var (cx, cy, w) = (new double[2], new double[2], new double[2]);
        for (int i = 0; i < plan.Length; i++)
        {
            double p = problem.Patients[i];
            cx[centres[i]] += p * problem.X[i];
            cy[centres[i]] += p * problem.Y[i];
            w[centres[i]] += p;
        }
        double sum = 0;
        for (int i = 0; i < plan.Length; i++)
        {
            int c = plan[i];
            double dx = problem.X[i] - cx[c] / w[c], dy = problem.Y[i] - cy[c] / w[c];
            sum += problem.Patients[i] * (dx * dx + dy * dy) / 1e6;
        }
        return sum;
    }

    /// <summary>Each consortium's root as the re-cut fixes it: the member nearest its centroid, ties to the lowest index.</summary>
    private static int[] Roots(Problem problem, int[] plan)
    {
        var roots = new int[2];
        for (int c = 0; c < 2; c++)
        {
            var members = Enumerable.Range(0, plan.Length).Where(i => plan[i] == c).ToArray();
            double w = members.Sum(i => problem.Patients[i]);
            double cx = members.Sum(i => problem.Patients[i] * problem.X[i]) / w, cy = members.Sum(i => problem.Patients[i] * problem.Y[i]) / w;
            roots[c] = members.OrderBy(i => Math.Pow(problem.X[i] - cx, 2) + Math.Pow(problem.Y[i] - cy, 2)).ThenBy(i => i).First();
        }
        return roots;
    }

    /// <summary>
    /// What the re-cut promises, checked against every valid split: no valid plan that keeps each consortium's root is
    /// closer to the result's centres, so re-cutting it again changes nothing.
    /// </summary>
    private static void AssertSettled(Problem problem, RecutResult result)
    {
        double own = AboutCentroidsOf(problem, result.ConsortiumOf, result.ConsortiumOf);
        var roots = Roots(problem, result.ConsortiumOf);
        int compared = 0;
        foreach (var split in ValidSplits(problem))
        {
            foreach (var plan in new[] { split, split.Select(c => 1 - c).ToArray() })
            {
                if (plan[roots[0]] != 0 || plan[roots[1]] != 1) continue;
                compared++;
                double cost = AboutCentroidsOf(problem, plan, result.ConsortiumOf);
                Assert.True(cost >= own * (1 - 1e-6), $"{cost} < {own}: [{string.Join(",", plan)}] vs [{string.Join(",", result.ConsortiumOf)}]");
            }
        }
        Assert.True(compared > 1);
        var again = NeighbourhoodRecut.Improve(problem, result.ConsortiumOf, Budget, Wall);
        Assert.Equal(0, again.Improved);
        Assert.Equal(result.ConsortiumOf, again.ConsortiumOf);
    }

    [Fact]
    public void Interlocking_combs_are_recut_until_no_split_is_closer_to_the_centres()
    {
        var problem = Square();
        Assert.Empty(PlanCheck.PlanViolations(problem, Combs));
        var result = NeighbourhoodRecut.Improve(problem, Combs, Budget, Wall);
        Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf));
        Assert.Equal(Compactness.PlanAboutCentroid(problem, Combs), result.InertiaBefore, 6);
        Assert.Equal(Compactness.PlanAboutCentroid(problem, result.ConsortiumOf), result.InertiaAfter, 6);
        Assert.True(result.InertiaAfter < result.InertiaBefore);
        Assert.True(result.Improved >= 1);
        Assert.False(result.StoppedByClock);
        AssertSettled(problem, result);
    }

    [Fact]
    public void A_plan_breaking_the_balance_rule_is_recut_into_one_meeting_it()
    {
        // The north-west quadrant (practices 0, 1, 4, 5) is deprived (30 against 10; area mean 15): at ±10% each
        // consortium must hold exactly two of its practices, so neither half of the square is allowed.
        var deprivation = Enumerable.Range(0, 16).Select(i => i is 0 or 1 or 4 or 5 ? 30.0 : 10.0).ToArray();
        var rules = new ConsortiumRules
        {
            MinPatients = 75_000, MaxPatients = 85_000,
            Deprivation = new BalanceTolerance(0.10, ToleranceKind.Relative),
        };
        var problem = Square(rules, deprivation);
        Assert.NotEmpty(PlanCheck.PlanViolations(problem, Combs)); // the combs hold three and one
        var result = NeighbourhoodRecut.Improve(problem, Combs, Budget, Wall);
        Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf));
        Assert.Equal(2, new[] { 0, 1, 4, 5 }.Count(i => result.ConsortiumOf[i] == 0));
        AssertSettled(problem, result);
        // The rule binds: the best plan without it (a half) is more compact than any plan with it.
        Assert.True(ValidSplits(Square()).Min(p => Compactness.PlanAboutCentroid(problem, p)) < ValidSplits(problem).Min(p => Compactness.PlanAboutCentroid(problem, p)));
    }

    [Fact]
    public void Locked_practices_stay_with_their_consortium()
    {
        // Practices 3 and 8 (north-east corner and west of row 2) are locked to the same consortium, A in the combs.
        var locked = Enumerable.Repeat(-1, 16).ToArray();
        locked[3] = 0;
        locked[8] = 0;
        var problem = Square(locked: locked);
        var result = NeighbourhoodRecut.Improve(problem, Combs, Budget, Wall);
        Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf));
        Assert.Equal(0, result.ConsortiumOf[3]);
        Assert.Equal(0, result.ConsortiumOf[8]);
        Assert.True(result.InertiaAfter <= result.InertiaBefore);
    }

    public static TheoryData<int, int[], int> Winding => new()
    {
        // 3×6 grid, three consortia of 6 winding through the rows (no two pairs share no consortium: one pair a round):
        //   0 0 0 0 0 1
        //   2 2 2 2 0 1
        //   2 2 1 1 1 1
        { 3, [0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 0, 1, 2, 2, 1, 1, 1, 1], 3 },
        // 4×6 grid, four consortia of 6: the first round holds the pairs (0, 1) and (2, 3), cut side by side.
        //   0 0 0 0 1 1
        //   2 0 0 1 1 1
        //   2 2 3 3 3 1
        //   2 2 2 3 3 3
        { 4, [0, 0, 0, 0, 1, 1, 2, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 1, 2, 2, 2, 3, 3, 3], 2 },
    };

    [Theory]
    [MemberData(nameof(Winding))]
    public void Winding_consortia_become_more_compact_and_one_lane_or_several_give_the_same_plan(int rows, int[] start, int lanes)
    {
        var problem = TestProblems.Grid(rows, 6, TestProblems.Filled(rows * 6, 10_000), new ConsortiumRules { MinPatients = 55_000, MaxPatients = 65_000 });
        Assert.Empty(PlanCheck.PlanViolations(problem, start));
        var one = NeighbourhoodRecut.Improve(problem, start, Budget, Wall, lanes: 1);
        var several = NeighbourhoodRecut.Improve(problem, start, Budget, Wall, lanes: lanes);
        Assert.Empty(PlanCheck.PlanViolations(problem, one.ConsortiumOf));
        Assert.True(one.InertiaAfter < one.InertiaBefore);
        Assert.Equal(one.ConsortiumOf, several.ConsortiumOf);
        Assert.Equal(one.Groups, several.Groups);
        Assert.Equal(one.DeterministicSeconds, several.DeterministicSeconds);
        // Consortium labels are kept: each consortium keeps its root, the practice nearest its centroid.
        Assert.Equal(start.Distinct().Count(), one.ConsortiumOf.Distinct().Count());
    }

    [Fact]
    public void A_plan_of_another_size_is_refused()
    {
        var problem = Square();
        Assert.Throws<ArgumentException>(() => NeighbourhoodRecut.Improve(problem, [0, 1], Budget, Wall));
    }
}
