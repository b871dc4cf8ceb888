using System.Numerics;
using System.Runtime.CompilerServices;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Whether a practice can leave its consortium without splitting it, for one restart's <see cref="PartitionState"/>.
/// Reads the state's same-consortium neighbour masks, so its searches walk same-consortium edges only; owns its scratch.
/// Exact: it never refuses a move that keeps the consortium connected.
/// </summary>
internal sealed class ContiguityCheck
{
    private readonly SearchData _m;
    private readonly PartitionState _state;
    private readonly ulong[] _same;
    private readonly int[] _mark, _nb;
    // Search owner per practice, and per neighbour slot the union-find parent, queue ends and the number of unfinished
    // searches in its merged set.
    private readonly int[] _owner, _next, _parent, _qHead, _qTail, _active, _live;
    private int _stamp;

    public ContiguityCheck(SearchData m, PartitionState state, ulong[] sameMasks)
    {
        _m = m;
        _state = state;
        _same = sameMasks;
        int n = m.N;
        int maxDeg = 1;
        for (int v = 0; v < n; v++) maxDeg = Math.Max(maxDeg, m.Offsets[v + 1] - m.Offsets[v]);
        _mark = new int[n]; _owner = new int[n]; _next = new int[n];
        _nb = new int[maxDeg]; _parent = new int[maxDeg]; _qHead = new int[maxDeg]; _qTail = new int[maxDeg]; _active = new int[maxDeg]; _live = new int[maxDeg];
    }

    /// <summary>
    /// True when removing <paramref name="v"/> leaves its consortium connected. Its neighbours in the consortium are
    /// first grouped by direct adjacency among themselves (one pass over their edges; one group, the usual case on
    /// planar-like graphs, answers yes). Otherwise one search per group runs inside the consortium, interleaved one
    /// practice at a time; searches that meet are merged, and the answer is no as soon as a merged set of searches runs
    /// out of practices while another set remains. The work is about the number of groups × the smaller side, not the
    /// size of the consortium, so a practice at the neck of a large consortium stays cheap.
    /// </summary>
    public bool CanLeave(int v)
    {
        var m = _m;
        int[] off = m.Offsets, tgt = m.Targets;
        int[] mark = _mark, owner = _owner;
        var assign = _state.Assign;
        if (++_stamp == int.MaxValue) { Array.Clear(_mark); _stamp = 1; }
        int stamp = _stamp;
        mark[v] = stamp;
        int cnt = 0, ov = off[v];
        for (ulong bits = _same[v]; bits != 0; bits &= bits - 1)
        {
            int w = tgt[ov + BitOperations.TrailingZeroCount(bits)];
            mark[w] = stamp; owner[w] = cnt; _nb[cnt] = w; _parent[cnt] = cnt; cnt++;
        }
        if (off[v + 1] - ov > 64)
        {
            int a = assign[v];
            for (int e = ov + 64; e < off[v + 1]; e++)
            {
                int w = tgt[e];
                if (assign[w] != a) continue;
                mark[w] = stamp; owner[w] = cnt; _nb[cnt] = w; _parent[cnt] = cnt; cnt++;
            }
        }
        if (cnt <= 1) return true;
        // Group the neighbours by direct links among themselves (union-find over neighbour slots).
        int roots = cnt;
        for (int i = 0; i < cnt; i++)
        {
            int x = _nb[i], ox = off[x];
            for (ulong bits = _same[x]; bits != 0; bits &= bits - 1)
            {
                int w = tgt[ox + BitOperations.TrailingZeroCount(bits)];
                if (mark[w] != stamp || w == v) continue;
                if (Join(i, owner[w], ref roots)) return true;
            }
            if (off[x + 1] - ox > 64 && JoinWide(i, x, v, stamp, ref roots)) return true;
        }
        // One search per group, seeded with all its neighbours; queues are linked lists through _next.
        for (int i = 0; i < cnt; i++) { _active[i] = 0; _qHead[i] = -1; }
        int live = 0;
        for (int i = 0; i < cnt; i++)
        {
            int r = Find(i), w = _nb[i];
            owner[w] = r;
            _next[w] = -1;
            if (_qHead[r] < 0) { _qHead[r] = w; _active[r] = 1; _live[live++] = r; }
            else _next[_qTail[r]] = w;
            _qTail[r] = w;
        }
        while (true)
        {
            for (int li = 0; li < live; li++)
            {
                int q = _live[li];
                int x = _qHead[q], ox = off[x];
                _qHead[q] = _next[x];
                for (ulong bits = _same[x]; bits != 0; bits &= bits - 1)
                {
                    int w = tgt[ox + BitOperations.TrailingZeroCount(bits)];
                    if (mark[w] == stamp)
                    {
                        if (w != v && Join(q, owner[w], ref roots)) return true;
                        continue;
                    }
                    mark[w] = stamp;
                    owner[w] = q;
                    _next[w] = -1;
                    if (_qHead[q] < 0) _qHead[q] = w; else _next[_qTail[q]] = w;
                    _qTail[q] = w;
                }
                if (off[x + 1] - ox > 64 && VisitWide(q, x, v, stamp, ref roots)) return true;
                if (_qHead[q] >= 0) continue;
                // A set of merged searches with nothing left to explore is a piece cut off from the others.
                if (--_active[Find(q)] == 0) return false;
                _live[li--] = _live[--live];
            }
        }
    }

    /// <summary>Merges the searches (or neighbour groups) of slots <paramref name="i"/> and <paramref name="j"/>; true when only one set is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Join(int i, int j, ref int roots)
    {
        int r1 = Find(i), r2 = Find(j);
        if (r1 == r2) return false;
        _parent[r2] = r1;
        _active[r1] += _active[r2];
        return --roots == 1;
    }

    /// <summary>Grouping step over the edges of a practice beyond its 64th (dense inputs only).</summary>
    private bool JoinWide(int i, int x, int v, int stamp, ref int roots)
    {
        int[] off = _m.Offsets, tgt = _m.Targets;
        var assign = _state.Assign;
        int a = assign[x];
        for (int e = off[x] + 64; e < off[x + 1]; e++)
        {
            int w = tgt[e];
            if (assign[w] != a || _mark[w] != stamp || w == v) continue;
            if (Join(i, _owner[w], ref roots)) return true;
        }
        return false;
    }

    /// <summary>Search step over the edges of a practice beyond its 64th (dense inputs only).</summary>
    private bool VisitWide(int q, int x, int v, int stamp, ref int roots)
    {
        int[] off = _m.Offsets, tgt = _m.Targets;
        var assign = _state.Assign;
        int a = assign[x];
        for (int e = off[x] + 64; e < off[x + 1]; e++)
        {
            int w = tgt[e];
            if (assign[w] != a || w == v) continue;
            if (_mark[w] == stamp)
            {
                if (Join(q, _owner[w], ref roots)) return true;
                continue;
            }
            _mark[w] = stamp;
            _owner[w] = q;
            _next[w] = -1;
            if (_qHead[q] < 0) _qHead[q] = w; else _next[_qTail[q]] = w;
            _qTail[q] = w;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int i)
    {
        while (_parent[i] != i) { _parent[i] = _parent[_parent[i]]; i = _parent[i]; }
        return i;
    }
}
