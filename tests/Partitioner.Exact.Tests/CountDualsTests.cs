namespace Partitioner.Exact.Tests;

public sealed class CountDualsTests
{
    /// <summary>
    /// What the count relaxation rules out is in no plan: on small grids every plan of at most a given count (every
    /// partition of the 9 practices into candidates, enumerated) is made of candidates <see cref="CountDuals.Keep"/> keeps,
    /// and the relaxation's bound is at most the brute-forced fewest count.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void The_relaxation_keeps_every_candidate_of_every_plan_within_the_count(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var model = grid.Model;
        var formulation = new PartitionFormulation(model, ExactOptions.Default);
        // A count row the relaxation does not reach at its lower end, as the count race asks.
        var duals = formulation.CountRelaxation(1, grid.Fewest + 1, grid.Plan, TimeSpan.FromSeconds(30));
        Assert.NotNull(duals);
        Assert.True(duals!.Answer.Bound <= grid.Fewest + 1e-6, $"bound {duals.Answer.Bound} above the fewest count {grid.Fewest}");
        int plans = 0;
        foreach (int atMost in new[] { grid.Fewest, grid.Fewest + 1 })
        {
            var kept = duals.Keep(model.ColumnsForCount(1, atMost), atMost).ToHashSet();
            foreach (var plan in Partitions(9))
            {
                if (plan.Max() + 1 > atMost || model.StartColumns(plan) is not { } columns) continue;
                plans++;
                Assert.All(columns, c => Assert.Contains(c, kept));
            }
        }
        Assert.True(plans > 0);
    }

    /// <summary>
    /// <see cref="CountDuals.Least"/> takes the candidates in the relaxation's order whose reduced cost is at most the
    /// value given: more as the value grows, all of them at infinity.
    /// </summary>
    [Fact]
    public void The_candidates_of_least_reduced_cost_grow_with_the_reduced_cost_allowed()
    {
        var grid = LocalityGrids.Localities(2, 6_000, 14_000);
        var duals = new PartitionFormulation(grid.Model, ExactOptions.Default).CountRelaxation(1, 9, grid.Plan, TimeSpan.FromSeconds(30))!;
        var reduced = duals.Answer.ReducedCosts;
        Assert.Equal(duals.Columns, duals.Least(double.PositiveInfinity));
        int last = -1;
        foreach (double value in new[] { -1e-9, 0.05, 0.1, 0.5, 1 })
        {
            var near = duals.Least(value);
            var expected = duals.Columns.Where((_, k) => reduced[k] <= value).ToArray();
            Assert.Equal(expected, near);
            Assert.True(near.Length >= last);
            last = near.Length;
        }
        Assert.True(duals.Least(0.05).Length < duals.Columns.Length, "every candidate has a reduced cost of at most 0.05: the test says nothing");
    }

    /// <summary>
    /// From a seed of one locality per practice, the count race (the relaxation's candidates of least reduced cost, then
    /// the race over what it keeps) ends at the brute-forced fewest count with a valid plan, and proves it.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void The_count_race_from_a_poor_seed_finds_and_proves_the_fewest_count(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var options = ExactOptions.Default;
        var formulation = new PartitionFormulation(grid.Model, options);
        using var budget = new TimeBudget(TimeSpan.FromSeconds(60));
        int minCount = 1;
        var alone = Enumerable.Range(0, 9).ToArray();
        var (plan, count, proven, how) = CountRace.BelowSeed(grid.Problem, formulation, options, budget, alone, 1, ref minCount);
        Assert.Equal(grid.Fewest, count);
        Assert.True(proven, how);
        Assert.Equal(grid.Fewest, minCount);
        Assert.Equal(grid.Fewest, plan.Max() + 1);
        Assert.Empty(PlanCheck.PlanViolations(grid.Problem, plan));
    }

    /// <summary>Every partition of 0..<paramref name="n"/> − 1 as a plan (labels in order of first practice).</summary>
    private static IEnumerable<int[]> Partitions(int n)
    {
        var labels = new int[n];
        IEnumerable<int[]> From(int i, int used)
        {
            if (i == n)
            {
                yield return (int[])labels.Clone();
                yield break;
            }
            for (int l = 0; l <= used; l++)
            {
                labels[i] = l;
                foreach (var plan in From(i + 1, Math.Max(used, l + 1))) yield return plan;
            }
        }
        return From(0, 0);
    }
}
