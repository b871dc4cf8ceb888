using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>How the moves choose where to act: a random boundary practice and a neighbouring consortium, a pair worth
/// re-cutting to repair balance, a consortium over its maximum. All draw from the restart's random stream.</summary>
internal static class MovePicks
{
    // Pairs sampled to find the most complementary one for a repair re-cut.
    private const int PairSamples = 8;

    /// <summary>A uniformly random boundary practice and the consortium of one of its other-consortium neighbours
    /// (scanning cyclically from a random neighbour).</summary>
    public static bool BoundaryPair(RestartContext ctx, out int v, out int b)
    {
        var st = ctx.State;
        b = -1;
        v = -1;
        if (st.BoundaryCount == 0) return false;
        v = st.Boundary[ctx.Rng.NextInt(st.BoundaryCount)];
        int[] off = ctx.Data.Offsets, tgt = ctx.Data.Targets;
        int o = off[v], deg = off[v + 1] - o;
        var assign = st.Assign;
        int a = assign[v];
        int start = ctx.Rng.NextInt(deg);
        for (int i = 0; i < deg; i++)
        {
            int j = start + i;
            if (j >= deg) j -= deg;
            int l = assign[tgt[o + j]];
            if (l != a) { b = l; return true; }
        }
        return false;
    }

    /// <summary>
    /// Repair targeting: among a few sampled adjacent pairs that include a consortium breaking a rule, the one whose
    /// merged means lie nearest the area's (a deprived consortium with an affluent neighbour), since only such a pair
    /// can be re-cut into two balanced halves. Keeps (v, b) when no sample breaks a rule.
    /// </summary>
    public static void RepairPair(RestartContext ctx, ref int v, ref int b)
    {
        var st = ctx.State;
        var m = ctx.Data;
        double bestKey = double.MaxValue;
        int bv = v, bb = b;
        for (int t = 0; t < PairSamples * 2; t++)
        {
            int a = st.Assign[v];
            if (st.ViolTerm[a] > 0 || st.ViolTerm[b] > 0)
            {
                var merged = st.Sums[a];
                merged.Add(st.Sums[b]);
                double key = ScoreTerms.WorstZ(merged, m) - 1e-3 * (st.ViolTerm[a] + st.ViolTerm[b]);
                if (key < bestKey) { bestKey = key; bv = v; bb = b; }
                if (t >= PairSamples && bestKey < double.MaxValue) break;
            }
            if (!BoundaryPair(ctx, out v, out b)) break;
        }
        v = bv; b = bb;
    }

    /// <summary>A consortium above its area's maximum, drawn uniformly (reservoir over the consortia); −1 when none is.</summary>
    public static int OverFull(RestartContext ctx)
    {
        var st = ctx.State;
        var m = ctx.Data;
        int pick = -1, over = 0;
        for (int c = 0; c < st.K; c++)
            if (st.Sums[c].P > RuleCheck.Highest(m.CompMax[st.AreaOf(c)]) && ctx.Rng.NextInt(++over) == 0) pick = c;
        return pick;
    }
}
