namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// Swap for a small population excess, which single moves cannot fix when every practice is larger than the room
/// around: an over-full consortium A gives a boundary practice v to a neighbour B and takes back a practice w of B that
/// touches A, with p(v) − p(w) at least A's excess and at most B's room (and A's room above its minimum). Contiguity is
/// checked for each half; the pair is accepted or undone as one move by the annealing test. Picks the pair with the best
/// objective among those that fit, scanning the boundary once.
/// </summary>
internal sealed class SwapRepair
{
    private readonly RestartContext _ctx;
    private MoveDelta _first, _second;

    public SwapRepair(RestartContext ctx) => _ctx = ctx;

    public void Step()
    {
        var ctx = _ctx;
        var st = ctx.State;
        var m = ctx.Data;
        var assign = st.Assign;
        int[] off = m.Offsets, tgt = m.Targets;
        int a = MovePicks.OverFull(ctx);
        if (a < 0) return;
        double maxA = m.CompMax[st.AreaOf(a)], excess = st.Sums[a].P - maxA;
        // A keeps at least the area's minimum: it may give away at most this much more than it takes back.
        double slackA = st.Sums[a].P - m.CompMin[st.AreaOf(a)];
        int n = st.BoundaryCount, from = ctx.Rng.NextInt(Math.Max(1, n));
        int bestV = -1, bestW = -1, bestB = -1;
        double bestObj = double.MaxValue;
        for (int i = 0; i < n; i++)
        {
            int j = from + i;
            if (j >= n) j -= n;
            int w = st.Boundary[j], b = assign[w];
            if (b == a || m.Lock[w] >= 0) continue;
            double room = m.CompMax[st.AreaOf(b)] - st.Sums[b].P;
            // w must touch A; v is an A-practice next to w (so v touches B).
            for (int e = off[w]; e < off[w + 1]; e++)
            {
                int v = tgt[e];
                if (assign[v] != a || m.Lock[v] >= 0) continue;
                double diff = m.P[v] - m.P[w];
                if (diff < excess || diff > room || diff > slackA) continue;
                double dObj = SwapObjective(v, w, a, b);
                if (dObj < bestObj) { bestObj = dObj; bestV = v; bestW = w; bestB = b; }
            }
        }
        if (bestV < 0 || !st.CanLeave(bestV)) return;
        st.EvaluateMove(bestV, bestB, ref _first);
        st.ApplyMove(_first);
        bool touches = false;
        for (int e = off[bestW]; e < off[bestW + 1] && !touches; e++) touches = assign[tgt[e]] == a;
        if (!touches || !st.CanLeave(bestW))
        {
            st.Move(bestV, a);
            return;
        }
        st.EvaluateMove(bestW, a, ref _second);
        ctx.Moves += 2;
        double d = _first.Objective + _second.Objective + ctx.Schedule.Lambda * (_first.Violation + _second.Violation);
        if (!ctx.Schedule.Accepts(d, ref ctx.Rng))
        {
            st.Move(bestV, a);
            return;
        }
        MovePair.Complete(ctx, bestV, a, _second);
    }

    /// <summary>Objective change of swapping v (in a) and w (in b), from the running sums, without applying anything
    /// (used to choose the pair; the acceptance test scores the two moves in full).</summary>
    private double SwapObjective(int v, int w, int a, int b)
    {
        var m = _ctx.Data;
        var st = _ctx.State;
        var sa = st.Sums[a];
        sa.Remove(m, v); sa.Add(m, w);
        var sb = st.Sums[b];
        sb.Remove(m, w); sb.Add(m, v);
        // The consortia's own objective terms (disruption, a whole-plan term, is left out).
        double inv = st.InvK;
        return ScoreTerms.Objective(sa, m, inv) + ScoreTerms.Objective(sb, m, inv)
            - ScoreTerms.Objective(st.Sums[a], m, inv) - ScoreTerms.Objective(st.Sums[b], m, inv);
    }
}
