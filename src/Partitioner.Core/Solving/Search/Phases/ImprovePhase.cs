using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// Improves the plan with the rest of the budget, at least half of it, on a fresh schedule (the whole budget when no
/// earlier phase ran). With balance or share rules and a plan that breaks one, in two schedules: a repair that ends as
/// soon as a plan meets every rule, then, from that plan, a compaction on a fresh, cooler schedule with the steps left,
/// which may not break a rule again. A repair weighs compactness lightly and leaves shapes that only a schedule of their
/// own recovers (tools/Partitioner.Bench/RESULTS.md, issue 12 part 2). Skipped when the solve is stopping after an
/// earlier phase.
/// </summary>
internal sealed class ImprovePhase : ISearchPhase
{
    public bool Run(RestartContext ctx)
    {
        if (ctx.Used > 0 && ctx.Monitor.ShouldStop()) return false;
        if (ctx.Clock.ByTime && ctx.Used > 0) ctx.Clock.LastPhase();
        long budget = ctx.Budget;
        long steps = ctx.Used == 0 ? budget : Math.Max(budget - ctx.Used, budget / 2);
        if (!ctx.Oscillates && !ctx.Repairing && ctx.State.Violation > RuleCheck.Tolerance)
        {
            ctx.EndWhenValid = true;
            ctx.Reason = ctx.Annealing.Run(steps, double.PositiveInfinity);
            ctx.EndWhenValid = false;
            ctx.Used += ctx.Step;
            steps -= ctx.Step;
            if (ctx.Reason != TerminationReason.StepBudget || steps <= 0 || ctx.Log.Violation > RuleCheck.Tolerance) return true;
            ctx.State.Load(ctx.Log.Best, ctx.K);
            ctx.Compacting = true;
        }
        ctx.Reason = ctx.Annealing.Run(steps, double.PositiveInfinity);
        ctx.Compacting = false;
        ctx.Used += ctx.Step;
        return true;
    }
}
