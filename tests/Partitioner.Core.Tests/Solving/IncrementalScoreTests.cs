using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Tests.Solving;

public sealed class IncrementalScoreTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Incremental_scores_agree_with_the_full_calculator_after_many_random_moves(int seed)
    {
        var rules = new ConsortiumRules
        {
            MinPatients = 30_000, MaxPatients = 150_000,
            Deprivation = new BalanceTolerance(0.05, ToleranceKind.Relative),
            Spend = new BalanceTolerance(2, ToleranceKind.Absolute),
            MinDeprivedShare = 0.4, SpreadWeight = 3, DisruptionWeight = 2, RiskWeight = 5, RiskReserve = 0.01,
        };
        var problem = TestInstances.Grid(12, 10, rules, seed, diagonals: true, jitter: 0.7, groups: true);
        var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
        var search = new LocalSearch(model, new SolverOptions { Seed = (ulong)seed }, new SolveMonitor(new SolverOptions(), default), 0);
        Assert.True(search.Construct() > 0);
        var st = search.State;
        var recom = new RecomMove(model, st);
        var delta = default(MoveDelta);
        var rng = new Xoshiro256((ulong)seed);
        var random = new Random(seed);
        int applied = 0, recoms = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (random.Next(20) == 0)
            {
                int v = random.Next(model.N);
                var nb = problem.Graph.Neighbours(v);
                int a = st.Assign[v], b = st.Assign[nb[random.Next(nb.Length)]];
                if (a != b && recom.Propose(v, a, b, 1.0, 1.0, 0, false, ref rng))
                {
                    var before = FullScoreCalculator.Score(model, st.Assign, st.K);
                    recom.Apply(a, b);
                    var after = FullScoreCalculator.Score(model, st.Assign, st.K);
                    Assert.Equal(after.Objective.Total - before.Objective.Total, recom.Objective, 9);
                    Assert.Equal(after.Violation - before.Violation, recom.Violation, 9);
                    recoms++;
                }
            }
            else
            {
                int v = random.Next(model.N);
                var nb = problem.Graph.Neighbours(v);
                int b = st.Assign[nb[random.Next(nb.Length)]];
                if (b == st.Assign[v] || !st.BoundsAllowMove(v, b) || !st.CanLeave(v)) continue;
                st.EvaluateMove(v, b, ref delta);
                st.ApplyMove(delta);
                applied++;
            }
            if (step % 500 == 0)
            {
                var full = FullScoreCalculator.Score(model, st.Assign, st.K);
                Assert.Equal(full.Objective.Total, st.Objective, 8);
                Assert.Equal(full.Violation, st.Violation, 8);
            }
        }
        var final = FullScoreCalculator.Score(model, st.Assign, st.K);
        Assert.Equal(final.Objective.Total, st.Objective, 8);
        Assert.Equal(final.Violation, st.Violation, 8);
        Assert.True(applied > 1000);
        Assert.True(recoms > 50);
        // Moves never broke contiguity or the bounds.
        Assert.DoesNotContain(PlanCheck.Measure(problem, st.Assign, st.K), b => b.Kind is InfeasibilityKind.NotContiguous or InfeasibilityKind.PopulationAboveMaximum or InfeasibilityKind.PopulationBelowMinimum);
    }

    [Fact]
    public void The_local_connectivity_check_agrees_with_a_full_search()
    {
        var rules = new ConsortiumRules { MinPatients = 20_000, MaxPatients = 200_000 };
        var problem = TestInstances.Grid(10, 10, rules, 7, diagonals: true, jitter: 0.5);
        var model = Presolve.Build(problem, SolveMode.Strict, new List<Infeasibility>());
        var search = new LocalSearch(model, new SolverOptions(), new SolveMonitor(new SolverOptions(), default), 0);
        Assert.True(search.Construct() > 0);
        var st = search.State;
        for (int v = 0; v < model.N; v++)
        {
            int a = st.Assign[v];
            var members = Enumerable.Range(0, model.N).Where(w => w != v && st.Assign[w] == a).ToList();
            if (members.Count == 0) continue;
            var plan = (int[])st.Assign.Clone();
            plan[v] = -1;
            Assert.Equal(PlanCheck.Connected(problem, plan, members, a), st.CanLeave(v));
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void The_connectivity_check_agrees_with_a_full_search_after_moves_and_recoms(int seed, bool hub)
    {
        // A jittered 12×12 grid; with hub, practice 0 also touches 80 others (degree > 64: the unmasked edge path).
        int w = 12, n = w * w;
        var edges = new List<(int, int)>();
        var random = new Random(seed);
        for (int j = 0; j < w; j++)
            for (int i = 0; i < w; i++)
            {
                int v = j * w + i;
                if (i + 1 < w) edges.Add((v, v + 1));
                if (j + 1 < w) edges.Add((v, v + w));
                if (i + 1 < w && j + 1 < w && random.Next(3) == 0) edges.Add((v, v + w + 1));
            }
        if (hub) for (int t = 0; t < 80; t++) edges.Add((0, 1 + random.Next(n - 1)));
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 250_000 };
        var problem = TestInstances.FromEdges(n, edges.ToArray(), TestInstances.Filled(n, 10_000), rules);
        var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
        var search = new LocalSearch(model, new SolverOptions { Seed = (ulong)seed }, new SolveMonitor(new SolverOptions(), default), 0);
        Assert.True(search.Construct() > 0);
        var st = search.State;
        var recom = new RecomMove(model, st);
        var delta = default(MoveDelta);
        var rng = new Xoshiro256((ulong)seed);
        int checkedMoves = 0;
        for (int step = 0; step < 4_000; step++)
        {
            int v = random.Next(n);
            var nb = problem.Graph.Neighbours(v);
            int a = st.Assign[v], b = st.Assign[nb[random.Next(nb.Length)]];
            if (a == b) continue;
            if (random.Next(10) == 0)
            {
                if (recom.Propose(v, a, b, 1.0, 1.0, 0, false, ref rng)) recom.Apply(a, b);
                continue;
            }
            var members = Enumerable.Range(0, n).Where(x => x != v && st.Assign[x] == a).ToList();
            var plan = (int[])st.Assign.Clone();
            plan[v] = -1;
            bool expected = members.Count == 0 || PlanCheck.Connected(problem, plan, members, a);
            Assert.Equal(expected, st.CanLeave(v));
            checkedMoves++;
            if (expected && st.BoundsAllowMove(v, b))
            {
                st.EvaluateMove(v, b, ref delta);
                st.ApplyMove(delta);
            }
        }
        Assert.True(checkedMoves > 1_000);
        Assert.DoesNotContain(PlanCheck.Measure(problem, st.Assign, st.K), x => x.Kind == InfeasibilityKind.NotContiguous);
    }
}
