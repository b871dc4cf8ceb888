using Partitioner.Core.Rules;

namespace Partitioner.Exact.Tests;

public sealed class CapacityCutsTests
{
    /// <summary>
    /// Four practices of 10,000 patients in a ring, localities of at most 30,000, a point that takes each of the four
    /// paths of three practices at ⅓ (4/3 localities): the four practices hold 40,000 patients and need two localities,
    /// which the point gives 4/3, so separation finds a cut, and every cut it finds is violated at that point.
    /// </summary>
    [Fact]
    public void Separation_finds_sets_the_point_gives_too_few_localities()
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 };
        var problem = TestProblems.Grid(2, 2, [10_000, 10_000, 10_000, 10_000], rules);
        var capacity = CapacityCuts.For(problem)!;
        List<int[]> candidates = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]];
        var cuts = capacity.Separate(candidates, [(0, 1 / 3.0), (1, 1 / 3.0), (2, 1 / 3.0), (3, 1 / 3.0)], []);
        Assert.NotEmpty(cuts);
        foreach (var set in cuts)
        {
            int need = capacity.Localities(set);
            double met = candidates.Where(c => c.Intersect(set).Any()).Count() / 3.0;
            Assert.True(need - met > SubsetRowCuts.MinViolation, $"set {string.Join(",", set)}: {met} against {need}");
        }
        Assert.Equal(2, capacity.Localities([0, 1, 2, 3]));
        Assert.Equal(1, capacity.Localities([0, 1, 2]));
        // A practice above the maximum stands alone in a plan: one locality, not two.
        var large = CapacityCuts.For(TestProblems.Grid(1, 2, [40_000, 10_000], rules))!;
        Assert.Equal(1, large.Localities([0]));
        Assert.Equal(2, large.Localities([0, 1]));
    }

    /// <summary>
    /// Every plan meets every capacity cut: on small grids with a brute-forced optimal plan, the cuts separated at the
    /// plain LP's point (where there are any) are met by the optimal plan's candidates.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void No_plan_breaks_a_capacity_cut(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var (plan, count, model) = (grid.Plan, grid.Fewest, grid.Model);
        var capacity = CapacityCuts.For(model.Problem)!;
        var chosen = model.StartColumns(plan)!;
        var columns = model.ColumnsForCount(count, count);
        var lp = LpRelaxation.Solve(9, model.Candidates, model.Cost, columns, count, count, TimeSpan.FromSeconds(10));
        var support = new List<(int, double)>();
        for (int k = 0; k < columns.Length; k++)
            if (lp.Values[k] > 1e-9) support.Add((columns[k], lp.Values[k]));
        foreach (var set in capacity.Separate(model.Candidates, support, []))
            Assert.True(chosen.Count(c => model.Candidates[c].Intersect(set).Any()) >= capacity.Localities(set), $"set {string.Join(",", set)}");
        // And over every subset of the 9 practices, not only those separated.
        for (int mask = 1; mask < 1 << 9; mask++)
        {
            var set = Enumerable.Range(0, 9).Where(i => (mask >> i & 1) == 1).ToArray();
            Assert.True(chosen.Count(c => model.Candidates[c].Intersect(set).Any()) >= capacity.Localities(set));
        }
    }

    /// <summary>
    /// On 5×5 grids of 6,000–14,000 patients a practice at the fewest count (CP-SAT's proven optimum): the master with
    /// capacity cuts ends no lower than without them and never above the optimum.
    /// </summary>
    [Fact]
    public void Capacity_cuts_keep_the_bound_valid()
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var (_, model, count, columns, optimum) = LocalityGrids.ProvenByCpSat(seed, 6_000, 14_000);
            using var triples = new MasterLp(25, model.Candidates, model.Cost, columns, [], count, count);
            var three = triples.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(30));
            using var both = new MasterLp(25, model.Candidates, model.Cost, columns, [], count, count, capacity: CapacityCuts.For(model.Problem));
            var lifted = both.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(30));
            Assert.True(three.Converged && lifted.Converged);
            Assert.True(lifted.Bound <= optimum + 1e-6 * optimum, $"bound {lifted.Bound} above the optimum {optimum}");
            Assert.True(lifted.Bound >= three.Bound - 1e-6 * Math.Abs(three.Bound), $"bound with capacity cuts {lifted.Bound} below the triples' {three.Bound}");
        }
    }
}
