using Partitioner.Core.Rules;

namespace Partitioner.Exact.Tests;

public sealed class SubsetRowCutsTests
{
    /// <summary>
    /// Three practices of 11,000 patients, each next to the other two, localities of at most 30,000: any two fit together,
    /// all three do not. The LP takes half of each pair (1.5 localities); two are needed, and the cut on the triple says so.
    /// </summary>
    [Fact]
    public void The_cut_on_an_odd_cycle_lifts_the_count_bound_to_the_integer_optimum()
    {
        List<int[]> candidates = [[0], [1], [2], [0, 1], [0, 2], [1, 2]];
        double[] ones = [1, 1, 1, 1, 1, 1];
        int[] columns = [0, 1, 2, 3, 4, 5];
        var plain = LpRelaxation.Solve(3, candidates, ones, columns, 1, 3, TimeSpan.FromSeconds(10));
        Assert.Equal(EngineStatus.Optimal, plain.Status);
        Assert.Equal(1.5, plain.Objective, 6);

        var cut = SubsetRowCuts.Solve(3, candidates, ones, columns, [3, 4, 5], 1, 3, double.PositiveInfinity, TimeSpan.FromSeconds(10));
        Assert.Equal(2.0, cut.Bound, 6);
        Assert.Equal(1.5, cut.FirstBound, 6);
        Assert.True(cut.Rounds >= 1);
        Assert.True(cut.Converged);
    }

    /// <summary>
    /// On small grids with a brute-forced optimum at the fewest count: the cut bound lies between the plain LP and the
    /// optimum, and no candidate of the optimal plan is dropped by the fixing test at the optimum's cost.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void The_bound_is_valid_and_fixing_keeps_the_optimal_plan(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var (optimum, plan, count, model) = (grid.Optimum, grid.Plan, grid.Fewest, grid.Model);
        var columns = model.ColumnsForCount(count, count);
        var plain = LpRelaxation.Solve(9, model.Candidates, model.Cost, columns, count, count, TimeSpan.FromSeconds(10));
        Assert.Equal(EngineStatus.Optimal, plain.Status);

        var cut = SubsetRowCuts.Solve(9, model.Candidates, model.Cost, columns, [], count, count, double.PositiveInfinity, TimeSpan.FromSeconds(20));
        Assert.True(cut.Converged);
        Assert.True(cut.Bound >= plain.Objective - 1e-6 * Math.Abs(plain.Objective), $"cut bound {cut.Bound} below the LP's {plain.Objective}");
        Assert.True(cut.Bound <= optimum + 1e-6 * optimum, $"cut bound {cut.Bound} above the optimum {optimum}");
        foreach (int c in model.StartColumns(plan)!)
            Assert.True(cut.Keeps(Array.IndexOf(columns, c), optimum), $"candidate {string.Join(",", model.Candidates[c])} of the optimal plan was fixed out");
    }

    /// <summary>A master that cannot cover every practice at first (no initial columns) still ends at the LP's optimum or above.</summary>
    [Fact]
    public void Column_generation_from_an_empty_master_reaches_the_relaxation()
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 };
        var problem = TestProblems.Grid(4, 4, TestProblems.RandomPatients(16, 11, 4_000, 12_000), rules);
        var model = SetPartitionModel.TryBuild(problem, 1_000_000)!;
        var columns = model.ColumnsForCount(1, 16);
        var plain = LpRelaxation.Solve(16, model.Candidates, model.Cost, columns, 1, 16, TimeSpan.FromSeconds(10));
        var cut = SubsetRowCuts.Solve(16, model.Candidates, model.Cost, columns, [], 1, 16, double.PositiveInfinity, TimeSpan.FromSeconds(20), maxRounds: 0);
        Assert.Equal(plain.Objective, cut.Bound, 3);
        Assert.Equal(0, cut.Cuts);
    }
}
