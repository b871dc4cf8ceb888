namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>Improves the plan with the rest of the budget, at least half of it, on a fresh schedule (the whole budget
/// when no earlier phase ran). Skipped when the solve is stopping after an earlier phase.</summary>
internal sealed class ImprovePhase : ISearchPhase
{
    public bool Run(RestartContext ctx)
    {
        if (ctx.Used > 0 && ctx.Monitor.ShouldStop()) return false;
        if (ctx.Clock.ByTime && ctx.Used > 0) ctx.Clock.LastPhase();
        long budget = ctx.Budget;
        ctx.Reason = ctx.Annealing.Run(ctx.Used == 0 ? budget : Math.Max(budget - ctx.Used, budget / 2), double.PositiveInfinity);
        ctx.Used += ctx.Step;
        return true;
    }
}
