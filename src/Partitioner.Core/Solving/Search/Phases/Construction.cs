namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// The first plan of a restart: recursive spanning-tree carving (<see cref="SpanningTreeCarver"/>), trying counts in the
/// count plan's order. When a count preference is set and the preferred count cannot be carved within the bounds, it is
/// carved with relaxed bounds instead for the search to repair (<see cref="CountRepairPhase"/>): random spanning trees
/// rarely reach counts whose consortia must be nearly full, which is exactly where "fewest" lies.
/// </summary>
internal static class Construction
{
    // Counts tried one by one from the first, then in growing jumps (a count preference at the edge of the range may
    // leave many neighbouring counts uncarvable; "fewest" and "most" then climb back by dissolving or splitting).
    private const int MaxCountFallbacks = 8;
    // Bound relaxations tried, in order, when the preferred count cannot be carved within the bounds.
    private static readonly double[] Relaxations = [1.01, 1.02, 1.05, 1.15, 1.4];

    /// <summary>The next position in the count order to try after <paramref name="t"/>: one by one for the first
    /// <see cref="MaxCountFallbacks"/>, then half as far again each time.</summary>
    private static int NextCountTry(int t) => t < MaxCountFallbacks ? t + 1 : t + Math.Max(1, t / 2);

    /// <summary>
    /// Carves and loads a plan, trying counts in this restart's order from its <paramref name="fromTry"/>-th entry;
    /// returns its count (−1 when none could be carved). <paramref name="relaxed"/>: carved with relaxed bounds.
    /// </summary>
    public static int Carve(RestartContext ctx, int fromTry, out bool relaxed)
    {
        var m = ctx.Data;
        var o = ctx.Options;
        var monitor = ctx.Monitor;
        relaxed = false;
        ctx.Repairing = ctx.Repaired = ctx.Oscillating = false;
        var perComponent = new int[m.ComponentCount];
        var assign = new int[m.N];
        // "Most": the greedy floor carving reaches far more consortia at once than random cuts near the most possible.
        if (fromTry == 0 && ctx.FloorCarver is { } floor)
        {
            int most = floor.Carve(assign, ref ctx.Rng);
            if (most > 0)
            {
                ctx.State.Load(assign, most);
                ctx.CountTry = 0;
                return most;
            }
        }
        var order = m.Counts.Order;
        int len = order.Length;
        int first = m.Counts.Fixed ? 0 : ctx.Index % len;
        for (int t = fromTry; t < len; t = NextCountTry(t))
        {
            int k = order[(first + t) % len];
            if (!m.Counts.Allocate(k, perComponent)) continue;
            if (ctx.Carver.Carve(perComponent, assign, o.ConstructionAttempts, ref ctx.Rng, monitor, monitor.Token))
            {
                ctx.State.Load(assign, k);
                ctx.CountTry = t;
                return k;
            }
            if (monitor.ShouldStop()) break;
            if (t != 0 || !m.Counts.Fixed) continue;
            foreach (double factor in Relaxations)
            {
                if (!ctx.Carver.Carve(perComponent, assign, Math.Max(8, o.ConstructionAttempts / 8), ref ctx.Rng, monitor, monitor.Token, factor)) continue;
                ctx.State.Load(assign, k);
                ctx.State.Relax(factor);
                ctx.Repairing = true;
                ctx.CountTry = t;
                relaxed = true;
                return k;
            }
            if (monitor.ShouldStop()) break;
        }
        return -1;
    }
}
