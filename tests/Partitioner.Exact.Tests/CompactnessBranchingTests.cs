namespace Partitioner.Exact.Tests;

public sealed class CompactnessBranchingTests
{
    /// <summary>
    /// On 3×3 grids with a brute-forced optimum at the fewest count, branching from no incumbent (best bound first and depth
    /// first, and with no cuts so that the LP is fractional more often) closes the tree with a plan of the optimum's cost that is a true partition, and never reports a bound above
    /// the optimum.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 8, MemberType = typeof(LocalityGrids))]
    public void Branching_returns_the_brute_force_optimum(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var (problem, model, count, optimum) = (grid.Problem, grid.Model, grid.Fewest, grid.Optimum);
        var columns = model.ColumnsForCount(count, count);
        foreach (var (depthFirst, separate) in ((bool, bool)[])[(false, true), (true, true), (false, false)])
        {
            using var master = new MasterLp(9, model.Candidates, model.Cost, columns, [], count, count, reoptimise: true);
            var root = master.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(20), separate: separate);
            Assert.True(root.Bound <= optimum + 1e-6 * optimum, $"root bound {root.Bound} above the optimum {optimum}");
            var outcome = CompactnessBranching.Solve(master, 9, model.Candidates, model.Cost, count, count, null, double.PositiveInfinity,
                root.Bound, TimeSpan.FromSeconds(30), depthFirst, separate: separate);
            Assert.True(outcome.Proven);
            Assert.NotNull(outcome.Chosen);
            Assert.Equal(optimum, outcome.Incumbent, 6);
            Assert.True(outcome.Bound <= optimum + 1e-6 * optimum, $"bound {outcome.Bound} above the optimum {optimum}");
            var plan = model.Decode(outcome.Chosen!);
            Assert.Empty(PlanCheck.PlanViolations(problem, plan));
            Assert.Equal(count, plan.Max() + 1);
        }
    }

    /// <summary>
    /// Given a worse plan as incumbent (the optimum of one more locality is not at this count, so a plan from a heuristic
    /// stand-in: the most compact plan at the count with the optimum's first candidate forbidden, when one exists), the
    /// tree finds the optimum and proves it; given the optimum, it proves it without changing it.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 8, MemberType = typeof(LocalityGrids))]
    public void Branching_improves_a_worse_incumbent_and_keeps_the_optimum(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var (model, count, optimum) = (grid.Model, grid.Fewest, grid.Optimum);
        var columns = model.ColumnsForCount(count, count);
        var best = model.StartColumns(grid.Plan)!;
        using (var master = new MasterLp(9, model.Candidates, model.Cost, columns, best, count, count, reoptimise: true))
        {
            var root = master.Solve(optimum, TimeSpan.FromSeconds(20));
            var kept = CompactnessBranching.Solve(master, 9, model.Candidates, model.Cost, count, count, best, optimum, root.Bound, TimeSpan.FromSeconds(30));
            Assert.True(kept.Proven);
            Assert.Equal(optimum, kept.Incumbent, 6);
            Assert.NotNull(kept.Chosen);
        }
        // A worse plan: the best over the columns without the optimal plan's first candidate.
        var without = columns.Where(c => c != best[0]).ToArray();
        var worse = model.Solve(count, count, 0, without, null, ExactOptions.Default, TimeSpan.FromSeconds(20));
        if (worse.Plan is null) return;
        var worseColumns = model.StartColumns(worse.Plan)!;
        double worseCost = worseColumns.Sum(c => model.Cost[c]);
        Assert.True(worseCost >= optimum - 1e-6 * optimum);
        using (var master = new MasterLp(9, model.Candidates, model.Cost, columns, worseColumns, count, count, reoptimise: true))
        {
            var root = master.Solve(worseCost, TimeSpan.FromSeconds(20));
            master.Fix(root, worseCost);
            var improved = CompactnessBranching.Solve(master, 9, model.Candidates, model.Cost, count, count, worseColumns, worseCost, root.Bound,
                TimeSpan.FromSeconds(30));
            Assert.True(improved.Proven);
            Assert.Equal(optimum, Math.Min(improved.Incumbent, worseCost), 6);
            Assert.True(improved.Bound <= optimum + 1e-6 * optimum, $"bound {improved.Bound} above the optimum {optimum}");
        }
    }

    /// <summary>
    /// On 5×5 grids (too large to brute-force) branching from no incumbent reaches CP-SAT's proven optimum over the same
    /// candidates at the fewest count CP-SAT finds, with the cuts and without (the plain LP, which is fractional at the
    /// root on these grids where the cut relaxation is not: without cuts the tree must explore more than the roots, so
    /// the branching itself is tested).
    /// </summary>
    [Fact]
    public void Branching_matches_the_integer_engine_on_larger_grids()
    {
        int nodes = 0, solved = 0;
        for (int seed = 1; seed <= 4; seed++)
        {
            var (problem, model, count, columns, optimum) = LocalityGrids.ProvenByCpSat(seed, 3_000, 12_000);
            foreach (bool separate in (bool[])[true, false])
            {
                using var master = new MasterLp(25, model.Candidates, model.Cost, columns, [], count, count, reoptimise: true);
                var root = master.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(30), separate: separate);
                Assert.True(root.Bound <= optimum + 1e-6 * optimum);
                var outcome = CompactnessBranching.Solve(master, 25, model.Candidates, model.Cost, count, count, null, double.PositiveInfinity,
                    root.Bound, TimeSpan.FromSeconds(60), separate: separate);
                Assert.True(outcome.Proven);
                Assert.Equal(optimum, outcome.Incumbent, 3);
                Assert.True(outcome.Bound <= optimum + 1e-6 * optimum);
                Assert.Empty(PlanCheck.PlanViolations(problem, model.Decode(outcome.Chosen!)));
                if (separate) continue;
                nodes += outcome.Nodes;
                solved++;
            }
        }
        Assert.True(nodes > solved, $"{nodes} nodes over {solved} grids: no grid needed branching");
    }
}
