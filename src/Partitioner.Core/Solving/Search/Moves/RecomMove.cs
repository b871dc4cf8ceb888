using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// ReCom (merge and re-cut): two adjacent consortia are merged, a random spanning tree of their practices is drawn, and
/// the tree is cut where the penalised score of the two sides is best among the cuts that meet the population bounds
/// moves must keep and keep locks whole and apart. <see cref="Propose"/> measures; <see cref="Apply"/> applies the last
/// proposal through <see cref="PartitionState.ApplyRecut"/>. Owns its scratch; one per restart.
/// </summary>
internal sealed class RecomMove
{
    private readonly SearchData _m;
    private readonly PartitionState _st;
    private int _stamp;
    // Disruption: per group touched by the pair, its patients on each side of the cut.
    private readonly int[] _touched, _groupMark;
    private readonly double[] _newA, _newB;
    private int _groupStamp, _groupTouched;

    public RecomMove(SearchData m, PartitionState state)
    {
        _m = m;
        _st = state;
        int groups = Math.Max(m.GroupCount, 1);
        _touched = new int[groups];
        _groupMark = new int[groups];
        _newA = new double[groups];
        _newB = new double[groups];
    }

    /// <summary>Changes of the objective, the violation and the guidance of the last successful proposal.</summary>
    public double Objective { get; private set; }
    public double Violation { get; private set; }
    public double Guide { get; private set; }

    /// <summary>
    /// Proposes re-cutting consortia <paramref name="a"/> and <paramref name="b"/> (adjacent, via practice
    /// <paramref name="seed"/> in a), scoring each valid cut by objective + <paramref name="lambda"/> × violation +
    /// <paramref name="guideLambda"/> × <paramref name="guideWeight"/> × guidance; with <paramref name="feasibleOnly"/>,
    /// only cuts whose two sides meet every rule count (the pair is assumed to meet them now). On success the tree and <see cref="SpanningTree.InSub"/> describe the split.
    /// </summary>
    public bool Propose(int seed, int a, int b, double lambda, double guideLambda, double guideWeight, bool feasibleOnly, ref Xoshiro256 rng)
    {
        var m = _m;
        var st = _st;
        var tree = st.Tree;
        var assign = st.Assign;
        Objective = 0; Violation = 0; Guide = 0;
        int[] off = m.Offsets, tgt = m.Targets;
        int[] tag = tree.RegionTag;
        if (++_stamp == int.MaxValue)
        {
            // Stamps wrap after 2³¹ proposals: clear the region tags that compare against them.
            Array.Clear(tag);
            _stamp = 1;
        }
        int t = _stamp;
        // Region = members of a and b, found from the seed (both consortia are connected and adjacent); negative tags,
        // so they never meet the carver's positive ones.
        if (!tree.DrawPair(seed, a, b, assign, -t, ref rng)) return false;
        int size = tree.Count;
        int comp = m.Component[seed];
        double min = RuleCheck.Lowest(st.MinAllowed(comp)), max = RuleCheck.Highest(st.MaxAllowed(comp));
        ref readonly var total = ref tree.Sub[tree.Root];
        double tp = total.P;
        int totalLocks = total.Locks;
        double invK = st.InvK;
        int best = -1;
        double bestScore = double.MaxValue, bestObj = 0, bestViol = 0, bestGuide = 0;
        bool guide = guideWeight > 0 && m.BalanceRules;
        for (int i = 0; i < size; i++)
        {
            if (i == tree.Root) continue;
            ref readonly var s = ref tree.Sub[i];
            double sp = s.P, rp = tp - sp;
            if (sp < min || sp > max || rp < min || rp > max) continue;
            if (totalLocks > 0)
            {
                if (s.LockHash != 0) continue;
                int sl = s.Locks;
                if (sl > 1 || totalLocks - sl > 1) continue;
            }
            var r = ConsortiumSums.Difference(total, s);
            ScoreTerms.All(s, m, invK, out double oSub, out double vSub, out double gSub);
            ScoreTerms.All(r, m, invK, out double oRest, out double vRest, out double gRest);
            double o = oSub + oRest, vi = vSub + vRest;
            if (feasibleOnly && vi > 0) continue;
            double gi = guide ? gSub + gRest : 0;
            double score = o + lambda * vi + guideLambda * guideWeight * gi;
            if (score < bestScore) { bestScore = score; best = i; bestObj = o; bestViol = vi; bestGuide = gi; }
        }
        if (best < 0) return false;
        tree.MarkSubtree(best);
        double dObj = bestObj - st.ObjTerm[a] - st.ObjTerm[b];
        Violation = bestViol - st.ViolTerm[a] - st.ViolTerm[b];
        Guide = guide ? bestGuide - st.GuideTerm[a] - st.GuideTerm[b] : 0;
        var table = st.GroupTable;
        if (table.Length > 0)
        {
            // Labels do not matter to Σ_c table², so only the two rows' squares change.
            int gc = m.GroupCount;
            if (++_groupStamp == int.MaxValue) { Array.Clear(_groupMark); _groupStamp = 1; }
            int touched = 0;
            for (int i = 0; i < size; i++)
            {
                int w = tree.Verts[i];
                int g = m.Group[w];
                if (g < 0) continue;
                if (_groupMark[g] != _groupStamp) { _groupMark[g] = _groupStamp; _touched[touched++] = g; _newA[g] = 0; _newB[g] = 0; }
                if (tree.InSub[i] == 1) _newB[g] += m.P[w]; else _newA[g] += m.P[w];
            }
            double dSq = 0;
            for (int i = 0; i < touched; i++)
            {
                int g = _touched[i];
                double oa = table[a * gc + g], ob = table[b * gc + g];
                dSq += (_newA[g] * _newA[g] + _newB[g] * _newB[g] - oa * oa - ob * ob) / m.GroupPatients[g];
            }
            _groupTouched = touched;
            dObj -= m.DisruptionWeight * dSq / m.TotalP;
        }
        if (m.BorderCost is { } cost)
        {
            // Borders inside the pair: before, between a and b; after, between the two sides of the cut.
            for (int i = 0; i < size; i++)
            {
                int v = tree.Verts[i];
                for (int e = off[v]; e < off[v + 1]; e++)
                {
                    int w = tgt[e];
                    if (w < v || tag[w] != -t) continue;
                    int before = assign[v] != assign[w] ? 1 : 0, after = tree.InSub[i] != tree.InSub[tree.LocalOf[w]] ? 1 : 0;
                    dObj += (after - before) * cost[e];
                }
            }
        }
        Objective = dObj;
        return true;
    }

    /// <summary>Applies the split found by the last successful <see cref="Propose"/>: subtree side to b, rest to a.</summary>
    public void Apply(int a, int b) => _st.ApplyRecut(a, b, Objective, Violation, _touched, _groupTouched, _newA, _newB);

    // Share of repair steps aimed at a consortium that breaks a rule (the rest pick a random adjacent pair, which with the
    // guidance spreads imbalance outwards).
    private const double TargetedShare = 0.5;

    /// <summary>
    /// One search step of restart <paramref name="ctx"/>: a random adjacent pair (while a rule is unmet, half the time
    /// the most complementary of a few pairs holding a violator) is proposed for re-cutting and the proposal is tested
    /// by the annealing schedule, as <see cref="BoundaryMove.Step"/> tests single moves.
    /// </summary>
    public void Step(RestartContext ctx, bool feasible, bool strict)
    {
        var st = _st;
        if (!MovePicks.BoundaryPair(ctx, out int v, out int b)) return;
        if (!feasible && ctx.Rng.NextDouble() < TargetedShare) MovePicks.RepairPair(ctx, ref v, ref b);
        int a = st.Assign[v];
        ctx.RecomSteps++;
        double guide = feasible ? 0 : Annealing.GuideWeight;
        var schedule = ctx.Schedule;
        if (!Propose(v, a, b, schedule.Lambda, schedule.GuideLambda, guide, strict, ref ctx.Rng)) return;
        if (strict && Violation > Score.Rounding) return;
        double d = strict ? Objective : Objective + schedule.Lambda * Violation + schedule.GuideLambda * guide * Guide;
        if (!schedule.Accepts(d, ref ctx.Rng)) return;
        var log = ctx.Log;
        bool better = log.Improves(st.Objective + Objective, st.Violation + Violation);
        if (!better && log.Logging)
        {
            var tree = st.Tree;
            for (int i = 0; i < tree.Count; i++) { int w = tree.Verts[i]; log.Record(w, st.Assign[w]); }
        }
        Apply(a, b);
        ctx.Pool?.OfferRecom(st, a, b);
        ctx.RecomAccepted++;
        log.Moved(better, ctx.Step);
    }
}
