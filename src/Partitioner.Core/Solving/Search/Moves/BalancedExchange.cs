using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// A boundary move with its counterweight, for plans held by balance rules: when moving practice v from consortium A to
/// B would break a rule, a second practice w near v (within two links) moves from its consortium X to a neighbouring
/// consortium Y so that every consortium the two moves touch (A, B, X, Y: up to four) still meets every rule, choosing
/// the pair that costs the least objective. With every consortium at the edge of a tight band, most single moves that
/// would straighten a border break the band; a move and its counterweight together do not (B giving w back to A is the
/// plain exchange; a third consortium giving to A, or taking from B, the wider one). A practice is tried only where it
/// has at most one link more into the consortium it leaves than into the one it joins, so the counterweight leaves no
/// new spike. Measured from the running sums, then applied move by move with contiguity checked for each (the
/// first undone when the second cannot follow), accepted by the schedule as one move.
/// </summary>
internal sealed class BalancedExchange
{
    private readonly RestartContext _ctx;
    private readonly int[] _seen;
    // The consortia one practice touches, in the order of its links, and its number of links into each.
    private readonly int[] _touched, _links;
    private int _stamp;
    private MoveDelta _second;
    private int _bestW, _bestTo;
    private double _bestObj;

    public BalancedExchange(RestartContext ctx)
    {
        _ctx = ctx;
        var m = ctx.Data;
        _seen = new int[m.N];
        int degree = 0;
        for (int i = 0; i < m.N; i++) degree = Math.Max(degree, m.Offsets[i + 1] - m.Offsets[i]);
        _touched = new int[degree];
        _links = new int[degree];
    }

    /// <summary>Tries a counterweight for the refused move <paramref name="first"/>, measured on the current state (a plan
    /// meeting every rule, which the move alone would break).</summary>
    public void Step(in MoveDelta first)
    {
        var ctx = _ctx;
        var st = ctx.State;
        var m = ctx.Data;
        int[] off = m.Offsets, tgt = m.Targets;
        int v = first.Practice, a = first.From;
        if (++_stamp == int.MaxValue) { Array.Clear(_seen); _stamp = 1; }
        _seen[v] = _stamp;
        _bestW = -1;
        _bestObj = double.MaxValue;
        for (int e = off[v]; e < off[v + 1]; e++)
        {
            int u = tgt[e];
            Consider(in first, u);
            for (int f = off[u]; f < off[u + 1]; f++) Consider(in first, tgt[f]);
        }
        int w = _bestW, to = _bestTo;
        // The pair's objective from the sums (without the plan-wide disruption and border terms, measured in full below).
        if (w < 0 || !ctx.Schedule.Accepts(_bestObj, ref ctx.Rng) || !st.CanLeave(v)) return;
        // w touches its new consortium once v has moved: Consider counted v in B.
        st.ApplyMove(first);
        if (!st.CanLeave(w))
        {
            st.Move(v, a);
            return;
        }
        st.EvaluateMove(w, to, ref _second);
        ctx.Moves += 2;
        if (first.Violation + _second.Violation > Score.Rounding)
        {
            st.Move(v, a);
            return;
        }
        MovePair.Complete(ctx, v, a, _second);
    }

    /// <summary>Measures <paramref name="w"/> moving to each consortium it touches after <paramref name="first"/> (v counted
    /// in B), once per practice per step.</summary>
    private void Consider(in MoveDelta first, int w)
    {
        if (_seen[w] == _stamp) return;
        _seen[w] = _stamp;
        var m = _ctx.Data;
        if (m.Lock[w] >= 0) return;
        var assign = _ctx.State.Assign;
        int[] off = m.Offsets, tgt = m.Targets;
        int v = first.Practice, b = first.To, x = assign[w];
        int touched = 0, inX = 0;
        for (int g = off[w]; g < off[w + 1]; g++)
        {
            int l = tgt[g] == v ? b : assign[tgt[g]];
            if (l == x) { inX++; continue; }
            int t = 0;
            while (t < touched && _touched[t] != l) t++;
            if (t == touched) { _touched[touched] = l; _links[touched++] = 0; }
            _links[t]++;
        }
        for (int t = 0; t < touched; t++)
            if (_links[t] + 1 >= inX) Measure(in first, w, x, _touched[t]);
    }

    /// <summary>Measures <paramref name="w"/> moving from <paramref name="x"/> to <paramref name="y"/> after
    /// <paramref name="first"/>, over the consortia the two moves touch; keeps it when all of them meet every rule and the
    /// pair costs less than the best so far.</summary>
    private void Measure(in MoveDelta first, int w, int x, int y)
    {
        var st = _ctx.State;
        var m = _ctx.Data;
        int a = first.From, b = first.To;
        var sx = x == a ? first.SumsFrom : x == b ? first.SumsTo : st.Sums[x];
        sx.Remove(m, w);
        if (sx.Count == 0) return;
        var sy = y == a ? first.SumsFrom : y == b ? first.SumsTo : st.Sums[y];
        sy.Add(m, w);
        ScoreTerms.All(sx, m, st.InvK, out double ox, out double vx, out _);
        ScoreTerms.All(sy, m, st.InvK, out double oy, out double vy, out _);
        double objective = ox + oy - st.ObjTerm[x] - st.ObjTerm[y];
        double violation = vx + vy - st.ViolTerm[x] - st.ViolTerm[y];
        // A and B as the first move leaves them, where the second does not touch them.
        if (x != a && y != a) { objective += first.ObjFrom - st.ObjTerm[a]; violation += first.ViolFrom - st.ViolTerm[a]; }
        if (x != b && y != b) { objective += first.ObjTo - st.ObjTerm[b]; violation += first.ViolTo - st.ViolTerm[b]; }
        if (violation > Score.Rounding || objective >= _bestObj) return;
        _bestObj = objective;
        _bestW = w;
        _bestTo = y;
    }
}
