namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// The count: a preferred count carved with relaxed bounds (<see cref="Construction"/>) gets a share of the schedule to
/// be repaired, then a repair by exact re-cuts; if neither puts every consortium within the bounds, the restart carves
/// the next count within them (and when none can be carved, keeps the repair's best plan and ends).
/// </summary>
internal sealed class CountRepairPhase : ISearchPhase
{
    /// <summary>Share of the budget a restart spends repairing a relaxed plan before falling back to the next count.</summary>
    public const double RepairShare = 0.25;

    public bool Run(RestartContext ctx)
    {
        if (!ctx.Repairing) return true; // carved within the bounds
        ctx.Reason = ctx.Annealing.Run(ctx.Budget, RepairShare);
        ctx.Used += ctx.Step;
        if (ctx.Repaired || ctx.Monitor.ShouldStop()) return true;
        if (RecutRepair.Try(ctx, (long)(ctx.Budget * RepairShare)))
        {
            ctx.K = ctx.State.K;
            return true;
        }
        if (ctx.Monitor.ShouldStop()) return true;
        var repairBest = (int[])ctx.Log.Best.Clone();
        int k = Construction.Carve(ctx, ctx.CountTry + 1, out _);
        if (k < 0)
        {
            // No count can be carved within the bounds: the repair attempt's best plan stands (it breaks them).
            Array.Copy(repairBest, ctx.Log.Best, ctx.Data.N);
            return false;
        }
        ctx.K = k;
        ctx.Monitor.Report(ctx.Index, 0, ctx.State.Objective, ctx.State.Violation, true);
        return true;
    }
}
