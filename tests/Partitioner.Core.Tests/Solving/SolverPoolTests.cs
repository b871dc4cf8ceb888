using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class SolverPoolTests
{
    private static Problem Balanced(int seed) => TestInstances.Grid(12, 12, new ConsortiumRules
    {
        MinPatients = 60_000,
        MaxPatients = 160_000,
        Deprivation = new BalanceTolerance(0.25, ToleranceKind.Relative),
        Spend = new BalanceTolerance(20, ToleranceKind.Absolute),
    }, seed, diagonals: true, jitter: 0.5);

    private static SolverOptions Options(int seed, int pool) => new()
    {
        Seed = (ulong)seed, Restarts = 3, MaxSteps = 40_000, RecomShare = 0.1, CollectPool = pool, Mode = SolveMode.BestEffort,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pool_members_are_sorted_distinct_contiguous_in_bounds_and_balanced(int seed)
    {
        var problem = Balanced(seed);
        var result = Solver.Solve(problem, Options(seed, 5_000));

        Assert.NotEmpty(result.Pool);
        Assert.True(result.Pool.Count <= 5_000);
        var distinct = new HashSet<string>();
        foreach (var members in result.Pool)
        {
            Assert.NotEmpty(members);
            for (int i = 1; i < members.Length; i++) Assert.True(members[i - 1] < members[i], "members ascending, no repeats");
            Assert.True(distinct.Add(string.Join(",", members)), "no consortium twice");
            // Recheck as a one-consortium plan: label 0 for the members, 1 for the rest (only consortium 0 is measured).
            var plan = new int[problem.PracticeCount];
            Array.Fill(plan, 1);
            foreach (int i in members) plan[i] = 0;
            var broken = PlanCheck.Measure(problem, plan, 1);
            Assert.Empty(broken);
        }
    }

    [Fact]
    public void Collecting_a_pool_does_not_change_the_plan()
    {
        var problem = Balanced(4);
        var without = Solver.Solve(problem, Options(4, 0));
        var with = Solver.Solve(problem, Options(4, 2_000));

        Assert.Empty(without.Pool);
        Assert.NotEmpty(with.Pool);
        Assert.Equal(without.ConsortiumOf, with.ConsortiumOf);
        Assert.Equal(without.Objective.Total, with.Objective.Total);
    }

    [Fact]
    public void The_pool_is_the_same_on_one_or_two_threads()
    {
        var problem = Balanced(5);
        var one = Solver.Solve(problem, Options(5, 3_000) with { MaxDegreeOfParallelism = 1 });
        var two = Solver.Solve(problem, Options(5, 3_000) with { MaxDegreeOfParallelism = 2 });

        Assert.Equal(one.ConsortiumOf, two.ConsortiumOf);
        Assert.Equal(one.Pool.Count, two.Pool.Count);
        for (int i = 0; i < one.Pool.Count; i++) Assert.Equal(one.Pool[i], two.Pool[i]);
    }

    [Fact]
    public void A_small_capacity_bounds_the_pool_and_keeps_the_best_plans_consortia()
    {
        var problem = Balanced(6);
        var result = Solver.Solve(problem, Options(6, 30) with { Restarts = 1 });

        Assert.InRange(result.Pool.Count, 1, 30);
        if (result.Status == SolveStatus.Feasible)
        {
            var pool = result.Pool.Select(m => string.Join(",", m)).ToHashSet();
            for (int c = 0; c < result.ConsortiumCount; c++)
            {
                var members = Enumerable.Range(0, problem.PracticeCount).Where(i => result.ConsortiumOf[i] == c);
                Assert.Contains(string.Join(",", members), pool);
            }
        }
    }

    [Fact]
    public void A_negative_pool_capacity_is_refused()
    {
        var problem = Balanced(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Solver.Solve(problem, new SolverOptions { CollectPool = -1 }));
    }
}
