using Partitioner.Core.Rules;

namespace Partitioner.Exact.Tests;

public sealed class MasterLpTests
{
    /// <summary>
    /// The warm master after a branch and its undo gives the same LP value as before the branch, and at every branch the
    /// same value as a master built afresh with only that branch: closing and reopening candidates by their bounds leaves
    /// nothing behind. At least one branch must move the value, or the comparison would prove nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 3, MemberType = typeof(LocalityGrids))]
    public void A_branch_undone_leaves_the_same_LP_value_as_a_fresh_master(int seed)
    {
        var model = LocalityGrids.Localities(seed).Model;
        var all = model.AllColumns();
        var limit = TimeSpan.FromSeconds(10);
        using var warm = new MasterLp(9, model.Candidates, null, all, [], 1, 9, reoptimise: true);
        double root = warm.Solve(double.PositiveInfinity, limit, separate: false).Bound;
        int moved = 0;
        for (int i = 0; i < 9; i++)
            for (int j = i + 1; j < 9; j++)
                foreach (bool together in (bool[])[true, false])
                {
                    warm.Branch(i, j, together);
                    var branched = warm.Solve(double.PositiveInfinity, limit, separate: false);
                    Assert.True(branched.Converged);
                    using (var fresh = new MasterLp(9, model.Candidates, null, all, [], 1, 9, reoptimise: true))
                    {
                        fresh.Branch(i, j, together);
                        Assert.Equal(fresh.Solve(double.PositiveInfinity, limit, separate: false).Bound, branched.Bound, 6);
                    }
                    if (Math.Abs(branched.Bound - root) > 1e-6) moved++;
                    warm.Undo();
                    Assert.Equal(0, warm.Depth);
                    Assert.Equal(root, warm.Solve(double.PositiveInfinity, limit, separate: false).Bound, 6);
                }
        Assert.True(moved > 0);
    }

    /// <summary>Two nested branches, the inner one undone: the value is that of the outer branch alone, solved afresh.</summary>
    [Fact]
    public void Undoing_the_inner_of_two_branches_keeps_the_outer_one()
    {
        var model = LocalityGrids.Localities(4).Model;
        var all = model.AllColumns();
        var limit = TimeSpan.FromSeconds(10);
        using var fresh = new MasterLp(9, model.Candidates, null, all, [], 1, 9, reoptimise: true);
        fresh.Branch(0, 4, false);
        double outer = fresh.Solve(double.PositiveInfinity, limit, separate: false).Bound;
        using var warm = new MasterLp(9, model.Candidates, null, all, [], 1, 9, reoptimise: true);
        warm.Branch(0, 4, false);
        warm.Solve(double.PositiveInfinity, limit, separate: false);
        warm.Branch(1, 3, true);
        warm.Solve(double.PositiveInfinity, limit, separate: false);
        warm.Undo();
        Assert.Equal(1, warm.Depth);
        Assert.Equal(outer, warm.Solve(double.PositiveInfinity, limit, separate: false).Bound, 6);
    }

    /// <summary>On the grids the tree over one warm master decides every count as the tree that builds each node's LP afresh.</summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 8, MemberType = typeof(LocalityGrids))]
    public void The_warm_tree_decides_each_count_as_the_cold_one(int seed)
    {
        var grid = LocalityGrids.Localities(seed);
        var (model, fewest) = (grid.Model, grid.Fewest);
        var all = model.AllColumns();
        for (int count = Math.Max(1, fewest - 2); count <= fewest + 1; count++)
        {
            var cold = CountBranching.Solve(9, model.Candidates, all, [], 1, count, TimeSpan.FromSeconds(30), warm: false);
            var warm = CountBranching.Solve(9, model.Candidates, all, [], 1, count, TimeSpan.FromSeconds(30));
            Assert.Equal(count >= fewest ? EngineStatus.Optimal : EngineStatus.Infeasible, warm.Status);
            Assert.Equal(cold.Status, warm.Status);
            if (warm.Chosen is not null)
                Assert.Empty(PlanCheck.PlanViolations(model.Problem, model.Decode(warm.Chosen)));
        }
    }

    /// <summary>
    /// The master priced to the end without cuts, with each candidate's compactness as its cost, has the value of the plain
    /// LP relaxation over the same candidates (GLOP over every column at once), at the fewest count and with the count free;
    /// with cuts its bound lies between that value and the brute-forced optimum.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void The_master_with_compactness_costs_gives_the_LP_value(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var model = grid.Model;
        foreach (var (lo, hi) in ((int, int)[])[(grid.Fewest, grid.Fewest), (1, 9)])
        {
            var columns = model.ColumnsForCount(lo, hi);
            var plain = LpRelaxation.Solve(9, model.Candidates, model.Cost, columns, lo, hi, TimeSpan.FromSeconds(10));
            Assert.Equal(EngineStatus.Optimal, plain.Status);
            using var master = new MasterLp(9, model.Candidates, model.Cost, columns, [], lo, hi);
            var priced = master.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(10), separate: false);
            Assert.True(priced.Converged);
            Assert.Equal(plain.Objective, priced.Bound, 6 - (int)Math.Ceiling(Math.Log10(Math.Abs(plain.Objective) + 1)));
            var cut = master.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(10));
            Assert.True(cut.Bound >= plain.Objective - 1e-6 * Math.Abs(plain.Objective));
            if (lo == hi) Assert.True(cut.Bound <= grid.Optimum + 1e-6 * grid.Optimum);
        }
    }
}
