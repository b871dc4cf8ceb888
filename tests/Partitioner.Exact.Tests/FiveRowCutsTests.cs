namespace Partitioner.Exact.Tests;

public sealed class FiveRowCutsTests
{
    /// <summary>
    /// A cut over five practices counts ⌊|S ∩ C| / 2⌋ of each candidate: every plan (a partition) takes at most 2, so
    /// the coefficient sum of the brute-forced optimal plan's candidates is at most 2 for every five-set.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 4, MemberType = typeof(LocalityGrids))]
    public void No_plan_breaks_a_five_row_cut(int seed)
    {
        var grid = LocalityGrids.Localities(seed, 6_000, 14_000);
        var chosen = grid.Model.StartColumns(grid.Plan)!;
        for (int mask = 0; mask < 1 << 9; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != 5) continue;
            var five = Enumerable.Range(0, 9).Where(i => (mask >> i & 1) == 1).ToArray();
            Assert.True(chosen.Sum(c => SubsetRowCuts.Coefficient(grid.Model.Candidates[c], five)) <= 2);
        }
        Assert.Equal(2, SubsetRowCuts.Coefficient([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 8]));
        Assert.Equal(1, SubsetRowCuts.Coefficient([0, 1, 2, 5], [0, 1, 2, 3, 8]));
        Assert.Equal(0, SubsetRowCuts.Coefficient([0, 5], [0, 1, 2, 3, 8]));
    }

    /// <summary>
    /// On 5×5 grids of 6,000–14,000 patients a practice at the fewest count (CP-SAT's proven optimum): the master with
    /// five-row cuts ends no lower than with triples alone and never above the optimum.
    /// </summary>
    [Fact]
    public void Five_row_cuts_keep_the_bound_valid()
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var (_, model, count, columns, optimum) = LocalityGrids.ProvenByCpSat(seed, 6_000, 14_000);
            using var triples = new MasterLp(25, model.Candidates, model.Cost, columns, [], count, count);
            var three = triples.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(30));
            using var fives = new MasterLp(25, model.Candidates, model.Cost, columns, [], count, count) { FiveRows = true };
            var five = fives.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(30));
            Assert.True(three.Converged && five.Converged);
            Assert.True(five.Bound <= optimum + 1e-6 * optimum, $"bound {five.Bound} above the optimum {optimum}");
            Assert.True(five.Bound >= three.Bound - 1e-6 * Math.Abs(three.Bound), $"five-row bound {five.Bound} below the triples' {three.Bound}");
        }
    }

    /// <summary>
    /// Five practices in a ring, where only neighbours fit together (fewest consortia): the LP takes the five pairs at ½
    /// (2.5 consortia) and no triple cut is violated (two pairs of a triple sum to 1), so triples leave the bound at 2.5;
    /// the five-row cut over the ring (five pairs, coefficient 1 each, at most 2) lifts it to the optimum, 3.
    /// </summary>
    [Fact]
    public void A_five_row_cut_closes_the_odd_ring_that_triples_miss()
    {
        int[][] candidates = [[0], [1], [2], [3], [4], [0, 1], [1, 2], [2, 3], [3, 4], [0, 4]];
        int[] all = [.. Enumerable.Range(0, candidates.Length)];
        using var triples = new MasterLp(5, candidates, null, all, all, 1, 5);
        var three = triples.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(10));
        Assert.True(three.Converged);
        Assert.Equal(2.5, three.Bound, 6);
        using var fives = new MasterLp(5, candidates, null, all, all, 1, 5) { FiveRows = true };
        var five = fives.Solve(double.PositiveInfinity, TimeSpan.FromSeconds(10));
        Assert.True(five.Converged);
        Assert.Equal(3, five.Bound, 6);
    }
}
