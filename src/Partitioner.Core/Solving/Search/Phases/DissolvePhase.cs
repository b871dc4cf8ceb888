using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// "Fewest": from a plan within the bounds, dissolves the smallest consortium not yet tried into its neighbours and
/// repairs the plan, while the first half of the budget lasts (each attempt at most <see cref="Share"/> of it); a failed
/// attempt goes back to the plan it started from.
/// </summary>
internal sealed class DissolvePhase : ISearchPhase
{
    /// <summary>Share of the budget one dissolve (or split) attempt may use.</summary>
    public const double Share = 0.125;

    public bool Run(RestartContext ctx)
    {
        if (ctx.Data.Problem.Rules.CountPreference != CountPreference.Fewest) return true;
        var tried = new bool[ctx.K];
        while (ctx.Used < ctx.Budget / 2 && !ctx.Monitor.ShouldStop())
        {
            var kept = (int[])ctx.State.Assign.Clone();
            if (!Dissolve(ctx, ctx.K, tried)) break;
            if (ctx.Clock.ByTime) ctx.Clock.NextPhase(Share);
            ctx.Reason = ctx.Annealing.Run(Math.Max(1, (long)(ctx.Budget * Share)), 1.0);
            ctx.Used += ctx.Step;
            if (ctx.Repaired) { ctx.K--; Array.Clear(tried); continue; }
            if (!ctx.Monitor.ShouldStop() && RecutRepair.Try(ctx, (long)(ctx.Budget * Share))) { ctx.K = ctx.State.K; Array.Clear(tried); continue; }
            ctx.LoadPlan(kept, ctx.K);
            Array.Copy(kept, ctx.Log.Best, ctx.Data.N);
        }
        return true;
    }

    /// <summary>
    /// Dissolves the consortium with the fewest patients (not in <paramref name="tried"/>, which it joins; holding no
    /// locked practice; in an area with more consortia than its fewest) into its neighbours: its practices join
    /// neighbouring consortia one layer at a time, each the lightest one it touches, so every consortium stays contiguous.
    /// The plan of <paramref name="k"/> − 1 consortia is loaded with bounds relaxed just enough to hold it, for the search
    /// to repair. False when no consortium can be dissolved.
    /// </summary>
    private static bool Dissolve(RestartContext ctx, int k, bool[] tried)
    {
        var st = ctx.State;
        var m = ctx.Data;
        if (k <= m.Counts.KMin) return false; // the fewest the rules allow, count bounds included
        var assign = st.Assign;
        var perArea = new int[m.ComponentCount];
        for (int c = 0; c < k; c++) perArea[st.AreaOf(c)]++;
        int victim = -1;
        for (int c = 0; c < k; c++)
        {
            int area = st.AreaOf(c);
            if (tried[c] || perArea[area] <= m.CompKMin[area] || st.Sums[c].LockUnits > 0) continue;
            if (victim < 0 || st.Sums[c].P < st.Sums[victim].P) victim = c;
        }
        if (victim < 0) return false;
        tried[victim] = true;
        var next = (int[])assign.Clone();
        var load = new double[k];
        for (int c = 0; c < k; c++) load[c] = st.Sums[c].P;
        var members = new List<int>();
        for (int v = 0; v < m.N; v++) if (assign[v] == victim) members.Add(v);
        var joined = new List<(int Practice, int Consortium)>();
        while (members.Count > 0)
        {
            // One layer: every remaining member touching another consortium joins the lightest of them.
            joined.Clear();
            foreach (int v in members)
            {
                int to = -1;
                for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
                {
                    int l = next[m.Targets[e]];
                    if (l != victim && (to < 0 || load[l] < load[to])) to = l;
                }
                if (to >= 0) joined.Add((v, to));
            }
            if (joined.Count == 0) return false; // cannot happen in a connected area with k > 1
            foreach (var (v, to) in joined) { next[v] = to; load[to] += m.P[v]; }
            members.RemoveAll(v => next[v] != victim);
        }
        double factor = 1;
        for (int c = 0; c < k; c++)
        {
            if (c == victim) continue;
            factor = Math.Max(factor, load[c] / m.CompMax[st.AreaOf(c)]);
        }
        // Labels stay dense: the last consortium takes the dissolved one's label.
        if (victim != k - 1)
            for (int v = 0; v < m.N; v++) if (next[v] == k - 1) next[v] = victim;
        ctx.LoadPlan(next, k - 1);
        st.Relax(factor * (1 + RuleCheck.Tolerance));
        ctx.Repairing = true;
        return true;
    }
}
