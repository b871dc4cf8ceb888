using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// "Most": from a plan that meets every rule, splits the largest consortia in two while cuts meeting every rule exist,
/// improves for a while, and repeats while splits happen and the first half of the budget lasts.
/// </summary>
internal sealed class SplitPhase : ISearchPhase
{
    // Random spanning trees drawn per consortium when splitting one.
    private const int Trees = 8;

    public bool Run(RestartContext ctx)
    {
        var m = ctx.Data;
        if (m.Problem.Rules.CountPreference != CountPreference.Most || ctx.State.Violation > RuleCheck.Tolerance) return true;
        while (ctx.Used < ctx.Budget / 2 && !ctx.Monitor.ShouldStop())
        {
            var tried = new bool[m.Counts.KMax + 1];
            int splits = 0;
            while (ctx.K < m.Counts.KMax && Split(ctx, ctx.K, tried)) { ctx.K++; splits++; }
            if (splits == 0) break;
            if (ctx.Clock.ByTime) ctx.Clock.NextPhase(DissolvePhase.Share);
            ctx.Reason = ctx.Annealing.Run(Math.Max(1, (long)(ctx.Budget * DissolvePhase.Share)), double.PositiveInfinity);
            ctx.Used += ctx.Step;
        }
        return true;
    }

    /// <summary>
    /// Splits the consortium with the most patients (not in <paramref name="tried"/>, which it joins; no locked practice;
    /// in an area with fewer consortia than its most) in two along random spanning trees of its practices: of the cuts
    /// whose two sides meet the population bounds and break no rule the consortium did not already break, the most
    /// compact wins, and the plan of <paramref name="k"/> + 1 consortia is loaded. Tries the next largest when a
    /// consortium has no such cut; false when none has.
    /// </summary>
    private static bool Split(RestartContext ctx, int k, bool[] tried)
    {
        var st = ctx.State;
        var m = ctx.Data;
        var perArea = new int[m.ComponentCount];
        for (int c = 0; c < k; c++) perArea[st.AreaOf(c)]++;
        var tree = st.Tree;
        var members = new int[m.N];
        while (true)
        {
            int victim = -1;
            for (int c = 0; c < k; c++)
            {
                int area = st.AreaOf(c);
                if (tried[c] || perArea[area] >= m.CompKMax[area] || st.Sums[c].LockUnits > 0 || st.Sums[c].P < 2 * m.CompMin[area]) continue;
                if (victim < 0 || st.Sums[c].P > st.Sums[victim].P) victim = c;
            }
            if (victim < 0) return false;
            tried[victim] = true;
            int n = 0;
            for (int v = 0; v < m.N; v++) if (st.Assign[v] == victim) members[n++] = v;
            int comp = st.AreaOf(victim);
            double min = RuleCheck.Lowest(m.CompMin[comp]), max = RuleCheck.Highest(m.CompMax[comp]);
            double before = ScoreTerms.Violation(st.Sums[victim], m), inv = 1.0 / (k + 1);
            // A tag below every one the re-cuts and the carver use, so they never collide.
            const int Tag = int.MinValue;
            for (int i = 0; i < n; i++) tree.RegionTag[members[i]] = Tag;
            int[]? best = null;
            double bestObj = double.MaxValue;
            for (int draw = 0; draw < Trees; draw++)
            {
                if (!tree.Draw(members, 0, n, Tag, ref ctx.Rng)) break;
                ref readonly var total = ref tree.Sub[tree.Root];
                int cut = -1;
                double cutObj = bestObj;
                for (int i = 0; i < n; i++)
                {
                    if (i == tree.Root) continue;
                    ref readonly var sub = ref tree.Sub[i];
                    var rest = ConsortiumSums.Difference(total, sub);
                    if (sub.P < min || sub.P > max || rest.P < min || rest.P > max) continue;
                    if (ScoreTerms.Violation(sub, m) + ScoreTerms.Violation(rest, m) > before + Score.Rounding) continue;
                    double o = ScoreTerms.Objective(sub, m, inv) + ScoreTerms.Objective(rest, m, inv);
                    if (o < cutObj) { cutObj = o; cut = i; }
                }
                if (cut < 0) continue;
                tree.MarkSubtree(cut);
                best ??= new int[n];
                for (int i = 0; i < n; i++) best[i] = tree.InSub[i];
                bestObj = cutObj;
            }
            for (int i = 0; i < n; i++) tree.RegionTag[members[i]] = 0;
            if (best is null) continue;
            var next = (int[])st.Assign.Clone();
            for (int i = 0; i < n; i++) if (best[i] == 1) next[members[i]] = k;
            ctx.LoadPlan(next, k + 1);
            return true;
        }
    }
}
