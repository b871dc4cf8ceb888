using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Tests.Solving.Search;

public sealed class BalancedExchangeTests
{
    /// <summary>
    /// From a plan meeting a deprivation and spend band (the solver's, shaken by random moves within the rules), every
    /// boundary move that alone would break a rule is offered to the exchange on a cold schedule: whatever it does, the
    /// plan still meets every rule (checked independently), its running score agrees with a full recount, and the
    /// objective never rises; and it does make moves (so the band does not simply freeze the plan).
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    public void Counterweighted_moves_keep_every_rule_and_only_improve_a_cold_plan(int seed)
    {
        var problem = TestInstances.Grid(14, 12, TestInstances.Banded, seed, diagonals: true, jitter: 0.5);
        var solved = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = 200_000, Mode = SolveMode.BestEffort });
        int k = solved.ConsortiumOf.Max() + 1;
        Assert.Empty(PlanCheck.Measure(problem, solved.ConsortiumOf, k));

        var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
        var search = new LocalSearch(model, new SolverOptions { Seed = (ulong)seed }, new SolveMonitor(new SolverOptions(), default), 0);
        var ctx = search.Context;
        var st = ctx.State;
        ctx.LoadPlan(solved.ConsortiumOf, k);
        var single = default(MoveDelta);
        // Shake the solver's polished plan with random single moves that keep every rule, so there is shape to recover.
        var random = new Random(seed);
        for (int shake = 0; shake < 3_000; shake++)
        {
            int v = random.Next(model.N);
            var nb = problem.Graph.Neighbours(v);
            int b = st.Assign[nb[random.Next(nb.Length)]];
            if (b == st.Assign[v] || !st.BoundsAllowMove(v, b) || !st.CanLeave(v)) continue;
            st.EvaluateMove(v, b, ref single);
            if (single.Violation <= Score.Rounding) st.ApplyMove(single);
        }
        Assert.Empty(PlanCheck.Measure(problem, st.Assign, st.K));
        ctx.Schedule.Start(1e-12, balance: true);
        ctx.Log.StartFromCurrent();
        int refused = 0, exchanged = 0;
        for (ctx.Step = 0; ctx.Step < 20_000; ctx.Step++)
        {
            if (!MovePicks.BoundaryPair(ctx, out int v, out int b) || !st.BoundsAllowMove(v, b)) continue;
            st.EvaluateMove(v, b, ref single);
            if (single.Violation <= Score.Rounding) continue;
            refused++;
            double before = st.Objective;
            long taken = ctx.MovesAccepted;
            ctx.Exchange!.Step(single);
            if (ctx.MovesAccepted == taken) continue;
            exchanged++;
            Assert.True(st.Objective <= before + 1e-9, $"step {ctx.Step}: objective {before} -> {st.Objective}");
            var full = FullScoreCalculator.Score(model, st.Assign, st.K);
            Assert.Equal(full.Objective.Total, st.Objective, 8);
            Assert.Equal(0, full.Violation, 12);
            Assert.Empty(PlanCheck.Measure(problem, st.Assign, st.K));
        }
        Assert.True(refused > 100, $"only {refused} moves would break a rule");
        Assert.True(exchanged > 0, $"none of {refused} refused moves found a counterweight");
    }
}
