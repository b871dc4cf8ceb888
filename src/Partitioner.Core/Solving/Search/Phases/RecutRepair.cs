namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// Repair by exact re-cuts, after a repair schedule left a consortium outside the population bounds: groups of
/// neighbouring consortia of the best plan are re-cut exactly (<see cref="NeighbourRecut"/>), which can pass the excess
/// on to consortia with room.
/// </summary>
internal static class RecutRepair
{
    // Enumeration steps the repair may take per step of the repair's schedule.
    private const long StepsPerScheduleStep = 2;

    /// <summary>
    /// When every consortium then meets the bounds, the re-cut plan is loaded as repaired and becomes the best plan
    /// (true); otherwise nothing changes but the loaded state, which the caller replaces. <paramref name="scheduled"/>:
    /// the repair schedule's length in steps (it may have ended sooner).
    /// </summary>
    public static bool Try(RestartContext ctx, long scheduled)
    {
        var log = ctx.Log;
        if (log.Logging) log.Materialise();
        var plan = (int[])log.Best.Clone();
        int k = ctx.Recut.Polish(plan, ctx.State.K, PolishPhase.Nodes(StepsPerScheduleStep, scheduled), ctx.Monitor.ShouldStop);
        ctx.LoadPlan(plan, k);
        if (!ctx.State.WithinAreaBounds()) return false;
        // The repaired plan is the restart's best from here (it may also have fewer consortia than the relaxed one).
        Array.Copy(plan, log.Best, ctx.Data.N);
        ctx.Repaired = true;
        return true;
    }
}
