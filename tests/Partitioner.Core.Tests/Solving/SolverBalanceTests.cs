using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Tests.Solving;

public sealed class SolverBalanceTests
{
    private static readonly ConsortiumRules Balanced = new()
    {
        MinPatients = 40_000, MaxPatients = 160_000,
        Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative),
        Spend = new BalanceTolerance(0.1, ToleranceKind.Relative),
    };

    [Fact]
    public void The_balance_guidance_kept_per_consortium_agrees_with_a_recount_after_moves_and_recom_steps()
    {
        var problem = TestInstances.Grid(12, 10, Balanced, 4, diagonals: true, jitter: 0.6);
        var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
        var search = new LocalSearch(model, new SolverOptions(), new SolveMonitor(new SolverOptions(), default), 0);
        Assert.True(search.Construct() > 0);
        var st = search.State;
        var recom = new RecomMove(model, st);
        var delta = default(MoveDelta);
        var rng = new Xoshiro256(4);
        var random = new Random(4);
        int checkedMoves = 0;
        for (int step = 0; step < 5_000; step++)
        {
            int v = random.Next(model.N);
            var nb = problem.Graph.Neighbours(v);
            int a = st.Assign[v], b = st.Assign[nb[random.Next(nb.Length)]];
            if (a == b) continue;
            double before = GuideTotal(st, model);
            if (step % 10 == 0)
            {
                if (!recom.Propose(v, a, b, 1.0, 1.0, 0.25, false, ref rng)) continue;
                recom.Apply(a, b);
                Assert.Equal(GuideTotal(st, model) - before, recom.Guide, 9);
            }
            else
            {
                if (!st.BoundsAllowMove(v, b) || !st.CanLeave(v)) continue;
                st.EvaluateMove(v, b, ref delta);
                st.ApplyMove(delta);
                Assert.Equal(GuideTotal(st, model) - before, delta.Guide, 9);
                checkedMoves++;
            }
            for (int c = 0; c < st.K; c++) Assert.Equal(Recount(st, model, c), st.GuideTerm[c], 9);
        }
        Assert.True(checkedMoves > 100);
    }

    private static double GuideTotal(PartitionState st, SearchData m)
    {
        double g = 0;
        for (int c = 0; c < st.K; c++) g += st.GuideTerm[c];
        return g;
    }

    private static double Recount(PartitionState st, SearchData m, int c)
    {
        var s = default(ConsortiumSums);
        for (int v = 0; v < m.N; v++) if (st.Assign[v] == c) s.Add(m, v);
        return ScoreTerms.Guide(s, m);
    }

    [Fact]
    public void With_balance_rules_the_same_seed_gives_the_same_plan_on_one_or_two_threads()
    {
        var problem = TestInstances.Grid(14, 12, Balanced, 9, diagonals: true, jitter: 0.5);
        var one = Solver.Solve(problem, new SolverOptions { Seed = 5, Restarts = 3, MaxSteps = 30_000, MaxDegreeOfParallelism = 1, Mode = SolveMode.BestEffort });
        var two = Solver.Solve(problem, new SolverOptions { Seed = 5, Restarts = 3, MaxSteps = 30_000, MaxDegreeOfParallelism = 2, Mode = SolveMode.BestEffort });

        Assert.Equal(one.ConsortiumOf, two.ConsortiumOf);
        Assert.Equal(one.Violation, two.Violation);
    }

    [Fact]
    public void Balance_rules_start_the_count_search_where_plain_rules_do_at_consortia_of_the_mid_range_size()
    {
        var problem = TestInstances.Grid(14, 12, Balanced, 9, diagonals: true, jitter: 0.5);
        var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
        var plain = Presolve.Build(TestInstances.Grid(14, 12, Balanced with { Deprivation = null, Spend = null }, 9, diagonals: true, jitter: 0.5),
            SolveMode.BestEffort, new List<Infeasibility>());

        int midRange = (int)Math.Round(model.TotalP / ((Balanced.MinPatients + Balanced.MaxPatients) / 2));
        Assert.Equal(midRange, model.Counts.Order[0]);
        Assert.Equal(plain.Counts.Order, model.Counts.Order);
    }

    [Fact]
    public void The_statistics_split_worker_time_between_boundary_moves_and_recom()
    {
        var problem = TestInstances.Grid(12, 10, Balanced, 3, diagonals: true);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 50_000, Mode = SolveMode.BestEffort });
        var s = result.Statistics;

        Assert.True(s.MovesEvaluated > 0 && s.BoundaryMoveTime > TimeSpan.Zero);
        Assert.True(s.RecomSteps > 0 && s.RecomTime > TimeSpan.Zero);
        Assert.True(s.BoundaryMoveTime + s.RecomTime <= s.Elapsed * 1.05 + TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Scheduling_by_time_gives_every_restart_a_share_of_the_limit()
    {
        var problem = TestInstances.Grid(12, 10, Balanced, 3, diagonals: true);
        var result = Solver.Solve(problem, new SolverOptions
        {
            Seed = 1, Restarts = 3, MaxDegreeOfParallelism = 1, MaxSteps = long.MaxValue / 4, Mode = SolveMode.BestEffort,
            TimeLimit = TimeSpan.FromSeconds(1), ScheduleByTime = true,
        });

        Assert.Equal(3, result.Statistics.Restarts);
        Assert.NotEmpty(result.ConsortiumOf);
        Assert.True(result.Statistics.Elapsed < TimeSpan.FromSeconds(3));
    }
}
