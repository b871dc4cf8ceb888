using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class PoolRecombinationTests
{
    // 2x3 grid, 20k each:  0 1 2
    //                      3 4 5
    private static Problem Grid() => TestProblems.Grid(2, 3, TestProblems.Filled(6, 20_000),
        new ConsortiumRules { MinPatients = 40_000, MaxPatients = 60_000 });

    [Fact]
    public void Picks_the_cheapest_partition_in_a_hand_made_pool()
    {
        var problem = Grid();
        int[][] pool =
        [
            [0, 1, 2], [3, 4, 5],           // two rows: each 2 × 20k × 1 km² = 40k, total 80k
            [0, 3], [1, 4], [2, 5],         // three columns: each 2 × 20k × 0.25 km² = 10k, total 30k
            [0, 1, 3], [2, 4, 5],           // two L shapes: each 20k × 12/9 km², total 53.3k
            [0, 1], [3, 4],                 // pairs that combine with [2, 5] into the same columns' cost
        ];
        var result = PoolRecombination.Choose(problem, pool);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(30_000, result.Objective, 6);
        Assert.Equal(3, result.ConsortiumCount);
        Assert.Equal(Compactness.PlanAboutCentroid(problem, result.ConsortiumOf!), result.Objective, 6);
    }

    [Fact]
    public void Count_rules_steer_the_choice_to_the_best_plan_of_the_allowed_size()
    {
        var problem = TestProblems.Grid(2, 3, TestProblems.Filled(6, 20_000),
            new ConsortiumRules { MinPatients = 40_000, MaxPatients = 60_000, MaxCount = 2 });
        int[][] pool = [[0, 1, 2], [3, 4, 5], [0, 3], [1, 4], [2, 5], [0, 1, 3], [2, 4, 5]];
        var result = PoolRecombination.Choose(problem, pool);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        // The two L shapes (each 20k × 12/9 km² about its centroid) beat the two rows (each 20k × 2 km²).
        Assert.Equal([0, 0, 1, 0, 1, 1], result.ConsortiumOf!);
        Assert.Equal(2 * 20_000 * 12.0 / 9.0, result.Objective, 6);
    }

    [Fact]
    public void Rule_breaking_candidates_are_dropped_and_reported()
    {
        var problem = Grid();
        int[][] pool = [[0, 2], [1], [0, 3], [1, 4], [2, 5], [0, 1, 2, 3, 4, 5]];
        var result = PoolRecombination.Choose(problem, pool);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal([0, 1, 2, 0, 1, 2], result.ConsortiumOf!);
        Assert.Contains("3 candidate(s) broke a rule", result.Message);
    }

    [Fact]
    public void A_pool_that_cannot_cover_every_practice_is_infeasible_with_a_reason()
    {
        var problem = Grid();
        var result = PoolRecombination.Choose(problem, [[0, 3], [1, 4]]);
        Assert.Equal(ExactStatus.Infeasible, result.Status);
        Assert.Contains("practice 2 is in no valid candidate consortium", result.Message);
    }

    [Fact]
    public void A_pool_whose_candidates_overlap_without_an_exact_cover_is_proven_infeasible()
    {
        var problem = Grid();
        var result = PoolRecombination.Choose(problem, [[0, 1, 2], [0, 3], [3, 4, 5], [2, 5], [1, 4, 5]]);
        // Covers: {0,1,2}+{3,4,5} works, so drop that pair's partner to break it.
        Assert.Equal(ExactStatus.Optimal, result.Status);
        var none = PoolRecombination.Choose(problem, [[0, 1, 2], [0, 3], [2, 5], [1, 4, 5]]);
        Assert.Equal(ExactStatus.Infeasible, none.Status);
        Assert.StartsWith("The exact solver (CP-SAT) proved that no combination", none.Message);
    }

    [Fact]
    public void Warm_start_from_pool_consortia_is_accepted()
    {
        var problem = Grid();
        int[][] pool = [[0, 1, 2], [3, 4, 5], [0, 3], [1, 4], [2, 5]];
        var result = PoolRecombination.Choose(problem, pool, new ExactOptions { WarmStart = [0, 0, 0, 1, 1, 1] });
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(30_000, result.Objective, 6);
        Assert.DoesNotContain("ignored", result.Message);
    }

    [Fact]
    public void Candidate_pool_drops_duplicates_in_any_order_and_caps_its_size()
    {
        var pool = new CandidatePool(capacity: 3);
        Assert.True(pool.Add([3, 1, 2]));
        Assert.False(pool.Add([1, 2, 3]));
        Assert.False(pool.Add([2, 3, 1, 1]));
        Assert.Equal(2, pool.AddPlan([0, 0, 1, 1, 0])); // {0,1,4} and {2,3}
        Assert.False(pool.Add([7]));
        Assert.Equal(3, pool.Count);
        Assert.Equal(1, pool.Refused);
        Assert.True(pool.Contains([4, 1, 0]));
        Assert.Equal([1, 2, 3], pool.Candidates[0]);
    }
}
