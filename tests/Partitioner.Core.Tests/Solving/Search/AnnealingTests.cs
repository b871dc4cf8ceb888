using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving.Search;

public sealed class AnnealingTests
{
    private const long RepairSteps = 400_000;

    /// <summary>
    /// A balance repair settles: from the same carved plan (breaking a band) and seed, the repair that hands its first plan
    /// meeting every rule to the compaction stops there, early in its schedule; the one that settles runs on to its share
    /// of the schedule and keeps the best plan meeting every rule it met. Both plans meet every rule (checked
    /// independently); the settled one is never less compact (until the first valid plan both make the same moves), and on
    /// these grids it is more compact in at least two of three.
    /// </summary>
    [Fact]
    public void A_settling_repair_runs_on_past_its_first_valid_plan_and_keeps_a_more_compact_one()
    {
        int better = 0;
        foreach (int seed in new[] { 2, 5, 8 })
        {
            var problem = TestInstances.Grid(14, 12, TestInstances.Banded, seed, diagonals: true, jitter: 0.5);
            var model = Presolve.Build(problem, SolveMode.BestEffort, new List<Infeasibility>());
            var (firstObjective, firstSteps) = Repair(problem, model, seed, settleShare: 0);
            var (settledObjective, settledSteps) = Repair(problem, model, seed, settleShare: 0.5);
            Assert.True(firstSteps < 0.5 * RepairSteps, $"grid {seed}: the repair met every rule only after {firstSteps:N0} of {RepairSteps:N0} steps");
            Assert.True(settledSteps >= 0.5 * RepairSteps, $"grid {seed}: the settling repair stopped after {settledSteps:N0} steps");
            Assert.True(settledObjective <= firstObjective + 1e-9, $"grid {seed}: settled {settledObjective} against first {firstObjective}");
            if (settledObjective < firstObjective - 1e-6) better++;
        }
        Assert.True(better >= 2, $"settling made the plan more compact on {better} of 3 grids");
    }

    /// <summary>Carves a first plan, checks that it breaks a band, repairs it (a balance repair of
    /// <see cref="RepairSteps"/> steps) and returns the best plan's objective (recounted) and the steps the repair ran.</summary>
    private static (double Objective, long Steps) Repair(Problem problem, SearchData model, int seed, double settleShare)
    {
        var options = new SolverOptions { Seed = (ulong)seed, Mode = SolveMode.BestEffort, RepairSettleShare = settleShare };
        var search = new LocalSearch(model, options, new SolveMonitor(options, default), 0);
        var ctx = search.Context;
        int k = search.Construct();
        Assert.True(k > 0, $"grid {seed}: no plan carved");
        ctx.K = k;
        Assert.True(ctx.State.Violation > RuleCheck.Tolerance, $"grid {seed}: the carved plan already meets every rule");
        ctx.EndWhenValid = true;
        ctx.Annealing.Run(RepairSteps, double.PositiveInfinity);
        ctx.EndWhenValid = false;
        var best = ctx.Log.Best;
        Assert.Empty(PlanCheck.Measure(problem, best, k));
        var (objective, violation) = FullScoreCalculator.Score(model, best, k);
        Assert.Equal(0, violation, 12);
        return (objective.Total, ctx.Step);
    }
}
