namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// The close of every restart: exact re-cuts of small groups of neighbouring consortia of the best plan
/// (<see cref="NeighbourRecut"/>), which leave it a local optimum for re-cutting any such group. Its work is bounded by
/// the steps the restart took, so a restart cut short by a stall limit polishes less.
/// </summary>
internal sealed class PolishPhase : ISearchPhase
{
    // Enumeration steps the polish may take per search step of the restart.
    private const long StepsPerSearchStep = 8;

    public bool Run(RestartContext ctx)
    {
        if (!ctx.PolishShouldStop()) ctx.K = ctx.Recut.Polish(ctx.Log.Best, ctx.K, Nodes(StepsPerSearchStep, ctx.Used), ctx.PolishShouldStop);
        return true;
    }

    /// <summary>Enumeration steps for a polish: <paramref name="perStep"/> per search step taken (<paramref name="steps"/>; saturating).</summary>
    public static long Nodes(long perStep, long steps) => Math.Min(Math.Max(steps, 1), long.MaxValue / perStep) * perStep;
}
