using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// Ejection chain for population excess: from a random over-full consortium, moves a boundary practice to a neighbour
/// one hop nearer (in the consortium adjacency graph) to a consortium with room, then from that neighbour onwards,
/// until a consortium with room takes the last practice. Each move keeps contiguity and the allowed bounds; at every
/// hop the practice is the one whose move best trades the objective against the excess left behind. The chain is
/// accepted or reverted as one move by the annealing test on its penalised delta.
/// </summary>
internal sealed class EjectionChain
{
    /// <summary>A chain's longest path.</summary>
    public const int Depth = 12;
    private readonly RestartContext _ctx;
    // Consortium adjacency (stamped k × k), hops from each consortium to one with room, search queue, and the chain's
    // moves (practice, consortium it left) for reverting.
    private int[] _adj = Array.Empty<int>(), _dist = Array.Empty<int>(), _queue = Array.Empty<int>();
    private int _stamp;
    private readonly int[] _chainV = new int[Depth], _chainFrom = new int[Depth];
    private MoveDelta _probe, _delta;

    public EjectionChain(RestartContext ctx) => _ctx = ctx;

    public void Step()
    {
        var ctx = _ctx;
        var st = ctx.State;
        var m = ctx.Data;
        int k = st.K;
        int start = MovePicks.OverFull(ctx);
        if (start < 0) return;
        if (_dist.Length < k) { _adj = new int[k * k]; _dist = new int[k]; _queue = new int[k]; _stamp = 0; }
        if (++_stamp == int.MaxValue) { Array.Clear(_adj); _stamp = 1; }
        int stamp = _stamp;
        int[] off = m.Offsets, tgt = m.Targets;
        var assign = st.Assign;
        for (int i = 0; i < st.BoundaryCount; i++)
        {
            int v = st.Boundary[i], a = assign[v];
            for (int e = off[v]; e < off[v + 1]; e++) { int l = assign[tgt[e]]; if (l != a) _adj[a * k + l] = stamp; }
        }
        // Hops to the nearest consortium with room (multi-source search).
        int head = 0, tail = 0;
        for (int c = 0; c < k; c++)
        {
            if (st.Sums[c].P < RuleCheck.Lowest(m.CompMax[st.AreaOf(c)])) { _dist[c] = 0; _queue[tail++] = c; }
            else _dist[c] = int.MaxValue;
        }
        while (head < tail)
        {
            int c = _queue[head++];
            for (int l = 0; l < k; l++)
                if (_adj[c * k + l] == stamp && _dist[l] == int.MaxValue) { _dist[l] = _dist[c] + 1; _queue[tail++] = l; }
        }
        if (_dist[start] == int.MaxValue) return;
        int len = 0, cur = start;
        double dObjSum = 0, dViolSum = 0;
        var log = ctx.Log;
        int logStart = log.Length;
        bool logging = log.Logging;
        double lambda = ctx.Schedule.Lambda;
        while (len < Depth)
        {
            double max = m.CompMax[st.AreaOf(cur)];
            double pc = st.Sums[cur].P;
            if (pc <= RuleCheck.Highest(max)) break;
            int dc = _dist[cur];
            int bestV = -1, bestTo = -1;
            double bestKey = double.MaxValue;
            int n = st.BoundaryCount, from = ctx.Rng.NextInt(n);
            for (int i = 0; i < n; i++)
            {
                int j = from + i;
                if (j >= n) j -= n;
                int v = st.Boundary[j];
                if (assign[v] != cur) continue;
                double p = m.P[v];
                for (int e = off[v]; e < off[v + 1]; e++)
                {
                    int y = assign[tgt[e]];
                    if (y == cur) continue;
                    // Towards room; once at a consortium that had room but overflows, on to another one (not yet in the chain).
                    if (dc > 0 ? _dist[y] != dc - 1 : _dist[y] != 0 || InChain(y, len)) continue;
                    if (!st.BoundsAllowMove(v, y)) continue;
                    // Excess left after the hop, in cur and in y (y's is passed on or, at the end, stays).
                    double maxY = m.CompMax[st.AreaOf(y)];
                    double left = Math.Max(0, pc - p - max) / max + Math.Max(0, st.Sums[y].P + p - maxY) / maxY;
                    double key = lambda * left;
                    if (key > bestKey) continue;
                    st.EvaluateMove(v, y, ref _probe);
                    key += _probe.Objective;
                    if (key < bestKey && st.CanLeave(v)) { bestKey = key; bestV = v; bestTo = y; }
                }
            }
            if (bestV < 0) break;
            st.EvaluateMove(bestV, bestTo, ref _delta);
            if (logging) log.Record(bestV, cur);
            _chainV[len] = bestV; _chainFrom[len] = cur; len++;
            st.ApplyMove(_delta);
            dObjSum += _delta.Objective; dViolSum += _delta.Violation;
            cur = bestTo;
        }
        if (len == 0) return;
        ctx.Moves += len;
        double d = dObjSum + lambda * dViolSum;
        if (ctx.Schedule.Accepts(d, ref ctx.Rng))
        {
            ctx.MovesAccepted += len;
            log.Moved(log.Improves(st.Objective, st.Violation), ctx.Step);
            return;
        }
        // Rejected: undo newest first (each undo is the reverse of a move that kept contiguity, so it keeps it too).
        for (int i = len - 1; i >= 0; i--) st.Move(_chainV[i], _chainFrom[i]);
        if (logging) log.Truncate(logStart);
    }

    /// <summary>Whether consortium <paramref name="c"/> was left by one of the chain's first <paramref name="len"/> moves.</summary>
    private bool InChain(int c, int len)
    {
        for (int i = 0; i < len; i++) if (_chainFrom[i] == c) return true;
        return false;
    }
}
