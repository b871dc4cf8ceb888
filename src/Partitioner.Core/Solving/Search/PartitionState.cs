using System.Runtime.CompilerServices;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The search state of one restart: the assignment, each consortium's running sums and cached score terms, and the
/// (consortium × existing group) patient table for disruption. Every boundary move is scored in O(1) from the sums;
/// a ReCom step in O(size of the two consortia). Owned by one thread.
/// </summary>
internal sealed class PartitionState
{
    private readonly SearchModel _m;
    private readonly int[] _mark, _queue, _nb, _touched, _groupMark;
    // Contiguity check scratch: search owner per practice, and per neighbour slot the union-find parent, queue ends
    // and the number of unfinished searches in its merged set.
    private readonly int[] _owner, _next, _parent, _qHead, _qTail, _active, _live;
    // Bit j of _same[v] is set when v's j-th neighbour (j < 64) is in v's consortium, so the contiguity searches walk
    // only same-consortium edges without reading the neighbours' labels. Kept in O(degree) per move.
    private readonly ulong[] _same;
    private readonly double[] _newA, _newB;
    private int _stamp, _groupStamp;

    public readonly int[] Assign;
    private readonly int[] _diff, _boundaryPos, _boundary;
    private int _boundaryCount;

    /// <summary>Practices with at least one neighbour in another consortium, in <c>[0, BoundaryCount)</c>.</summary>
    public int[] Boundary => _boundary;
    /// <summary>Number of boundary practices.</summary>
    public int BoundaryCount => _boundaryCount;
    public int K;
    public ConsortiumSums[] Sums = Array.Empty<ConsortiumSums>();
    public double[] ObjTerm = Array.Empty<double>(), ViolTerm = Array.Empty<double>();
    /// <summary>Each consortium's search guidance (<see cref="ScoreTerms.Guide"/>), not part of the score.</summary>
    public double[] GuideTerm = Array.Empty<double>();
    /// <summary>Patients of existing group g in consortium c at [c × GroupCount + g].</summary>
    public double[] GroupTable = Array.Empty<double>();
    /// <summary>Σ_g Σ_c table² / patients of g.</summary>
    public double GroupSquares;
    public double InvK;
    public double Objective, Violation;
    public readonly SpanningTree Tree;
    // Population bounds that moves and ReCom cuts must keep, per connected area: the area's bounds, or wider ones while a
    // plan carved with relaxed bounds is being repaired (the violation still measures against the rules' bounds).
    private readonly double[] _minAllowed, _maxAllowed;
    private bool _relaxed;
    private int[] _areaOf = Array.Empty<int>();

    public PartitionState(SearchModel m, SpanningTree tree)
    {
        _m = m;
        Tree = tree;
        int n = m.N;
        Assign = new int[n];
        _diff = new int[n]; _boundaryPos = new int[n]; _boundary = new int[n];
        _mark = new int[n]; _queue = new int[n];
        int maxDeg = 1;
        for (int v = 0; v < n; v++) maxDeg = Math.Max(maxDeg, m.Offsets[v + 1] - m.Offsets[v]);
        _nb = new int[maxDeg];
        _owner = new int[n]; _next = new int[n]; _same = new ulong[n];
        _parent = new int[maxDeg]; _qHead = new int[maxDeg]; _qTail = new int[maxDeg]; _active = new int[maxDeg]; _live = new int[maxDeg];
        _touched = new int[Math.Max(m.GroupCount, 1)];
        _groupMark = new int[Math.Max(m.GroupCount, 1)];
        _newA = new double[Math.Max(m.GroupCount, 1)];
        _newB = new double[Math.Max(m.GroupCount, 1)];
        _minAllowed = (double[])m.CompMin.Clone();
        _maxAllowed = (double[])m.CompMax.Clone();
    }

    /// <summary>
    /// Widens the population bounds that moves must keep to [min / <paramref name="factor"/>, max × factor], so a plan
    /// carved with those bounds can be repaired by the search (out-of-bounds consortia are penalised, not forbidden).
    /// </summary>
    public void Relax(double factor)
    {
        for (int c = 0; c < _m.ComponentCount; c++) { _minAllowed[c] = _m.CompMin[c] / factor; _maxAllowed[c] = _m.CompMax[c] * factor; }
        _relaxed = true;
    }

    /// <summary>Restores the areas' own population bounds once every consortium meets them; false (no change) otherwise.</summary>
    public bool TryTighten()
    {
        if (!_relaxed) return true;
        if (!WithinAreaBounds()) return false;
        Array.Copy(_m.CompMin, _minAllowed, _minAllowed.Length);
        Array.Copy(_m.CompMax, _maxAllowed, _maxAllowed.Length);
        _relaxed = false;
        return true;
    }

    /// <summary>Whether every consortium is non-empty and within its area's own population bounds.</summary>
    public bool WithinAreaBounds()
    {
        for (int c = 0; c < K; c++)
        {
            ref readonly var s = ref Sums[c];
            if (s.Count == 0) return false;
            if (s.P < _m.CompMin[_areaOf[c]] * (1 - 1e-12) || s.P > _m.CompMax[_areaOf[c]] * (1 + 1e-12)) return false;
        }
        return true;
    }

    public SearchModel Model => _m;

    /// <summary>The connected area of consortium <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AreaOf(int c) => _areaOf[c];

    /// <summary>Disruption (share of patients) from the group table.</summary>
    public double Disruption => _m.GroupCount == 0 ? 0 : (_m.GroupedPatients - GroupSquares) / _m.TotalP;

    /// <summary>Loads an assignment with labels 0..<paramref name="k"/>-1 and recomputes everything from scratch.</summary>
    public void Load(int[] assign, int k)
    {
        var m = _m;
        K = k;
        InvK = 1.0 / k;
        Array.Copy(assign, Assign, m.N);
        if (Sums.Length != k) { Sums = new ConsortiumSums[k]; ObjTerm = new double[k]; ViolTerm = new double[k]; GuideTerm = new double[k]; _areaOf = new int[k]; }
        else Array.Clear(Sums);
        for (int v = 0; v < m.N; v++) { Sums[Assign[v]].Add(m, v); _areaOf[Assign[v]] = m.Component[v]; }
        Array.Copy(m.CompMin, _minAllowed, _minAllowed.Length);
        Array.Copy(m.CompMax, _maxAllowed, _maxAllowed.Length);
        _relaxed = false;
        if (m.GroupCount > 0 && m.DisruptionWeight != 0)
        {
            if (GroupTable.Length != k * m.GroupCount) GroupTable = new double[k * m.GroupCount];
            else Array.Clear(GroupTable);
            for (int v = 0; v < m.N; v++) if (m.Group[v] >= 0) GroupTable[Assign[v] * m.GroupCount + m.Group[v]] += m.P[v];
        }
        Array.Fill(_boundaryPos, -1);
        _boundaryCount = 0;
        for (int v = 0; v < m.N; v++) RefreshBoundary(v);
        Resync();
    }

    /// <summary>Recounts <paramref name="v"/>'s neighbours in other consortia and updates the boundary set.</summary>
    private void RefreshBoundary(int v)
    {
        int[] off = _m.Offsets, tgt = _m.Targets;
        int a = Assign[v], d = 0, o = off[v];
        ulong same = 0;
        for (int e = o; e < off[v + 1]; e++)
        {
            if (Assign[tgt[e]] != a) d++;
            else if (e - o < 64) same |= 1UL << (e - o);
        }
        _diff[v] = d;
        _same[v] = same;
        SetBoundary(v, d > 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetBoundary(int v, bool on)
    {
        int pos = _boundaryPos[v];
        if (on)
        {
            if (pos >= 0) return;
            _boundaryPos[v] = _boundaryCount;
            _boundary[_boundaryCount++] = v;
        }
        else if (pos >= 0)
        {
            int last = _boundary[--_boundaryCount];
            _boundary[pos] = last;
            _boundaryPos[last] = pos;
            _boundaryPos[v] = -1;
        }
    }

    /// <summary>Recomputes the cached terms and totals from the running sums (removes floating drift).</summary>
    public void Resync()
    {
        var m = _m;
        double o = 0, viol = 0;
        for (int c = 0; c < K; c++)
        {
            ScoreTerms.All(Sums[c], m, InvK, out ObjTerm[c], out ViolTerm[c], out GuideTerm[c]);
            o += ObjTerm[c];
            viol += ViolTerm[c];
        }
        if (GroupTable.Length > 0)
        {
            double sq = 0;
            int g = m.GroupCount;
            for (int c = 0; c < K; c++)
                for (int j = 0; j < g; j++) { double x = GroupTable[c * g + j]; if (x != 0) sq += x * x / m.GroupPatients[j]; }
            GroupSquares = sq;
            o += m.DisruptionWeight * Disruption;
        }
        Objective = o;
        Violation = viol;
        _evalV = -1;
    }

    /// <summary>True when practice <paramref name="v"/> may move to consortium <paramref name="b"/> without breaking its
    /// area's population bounds or a lock (contiguity is checked separately by <see cref="CanLeave"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool BoundsAllowMove(int v, int b)
    {
        var m = _m;
        if (m.Lock[v] >= 0) return false;
        int a = Assign[v];
        ref readonly var sa = ref Sums[a];
        if (sa.Count <= 1) return false;
        int comp = m.Component[v];
        double p = m.P[v];
        return sa.P - p >= _minAllowed[comp] * (1 - 1e-12) && Sums[b].P + p <= _maxAllowed[comp] * (1 + 1e-12);
    }

    /// <summary>Score change of moving <paramref name="v"/> to <paramref name="b"/>: objective and violation parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EvaluateMove(int v, int b, out double dObj, out double dViol) => EvaluateMove(v, b, out dObj, out dViol, out _);

    /// <summary>As <see cref="EvaluateMove(int, int, out double, out double)"/>, also giving the change of the search guidance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EvaluateMove(int v, int b, out double dObj, out double dViol, out double dGuide)
    {
        var m = _m;
        int a = Assign[v];
        ref var na = ref _evalA;
        ref var nb = ref _evalB;
        na = Sums[a];
        na.Remove(m, v);
        nb = Sums[b];
        nb.Add(m, v);
        ScoreTerms.All(na, m, InvK, out _evalObjA, out _evalViolA, out _evalGuideA);
        ScoreTerms.All(nb, m, InvK, out _evalObjB, out _evalViolB, out _evalGuideB);
        _evalV = v; _evalTo = b;
        dObj = _evalObjA + _evalObjB - ObjTerm[a] - ObjTerm[b];
        dViol = _evalViolA + _evalViolB - ViolTerm[a] - ViolTerm[b];
        dGuide = m.BalanceRules ? _evalGuideA + _evalGuideB - GuideTerm[a] - GuideTerm[b] : 0;
        if (GroupTable.Length > 0)
        {
            int g = m.Group[v];
            if (g >= 0)
            {
                double p = m.P[v];
                double ca = GroupTable[a * m.GroupCount + g], cb = GroupTable[b * m.GroupCount + g];
                double dSq = ((ca - p) * (ca - p) + (cb + p) * (cb + p) - ca * ca - cb * cb) / m.GroupPatients[g];
                dObj -= m.DisruptionWeight * dSq / m.TotalP;
            }
        }
    }

    /// <summary>Moves <paramref name="v"/> to <paramref name="b"/>, scoring the move first (undoing a compound move).</summary>
    public void Move(int v, int b)
    {
        EvaluateMove(v, b, out double dObj, out double dViol);
        ApplyMove(v, b, dObj, dViol);
    }

    // The last evaluated move's new sums and terms, reused by ApplyMove when it applies that move (_evalV = -1: none).
    private ConsortiumSums _evalA, _evalB;
    private double _evalObjA, _evalObjB, _evalViolA, _evalViolB, _evalGuideA, _evalGuideB;
    private int _evalV = -1, _evalTo = -1;

    /// <summary>Moves <paramref name="v"/> to <paramref name="b"/>, given the deltas from <c>EvaluateMove</c>.</summary>
    public void ApplyMove(int v, int b, double dObj, double dViol)
    {
        var m = _m;
        int a = Assign[v];
        if (_evalV == v && _evalTo == b)
        {
            Sums[a] = _evalA; Sums[b] = _evalB;
            ObjTerm[a] = _evalObjA; ObjTerm[b] = _evalObjB;
            ViolTerm[a] = _evalViolA; ViolTerm[b] = _evalViolB;
            GuideTerm[a] = _evalGuideA; GuideTerm[b] = _evalGuideB;
        }
        else
        {
            Sums[a].Remove(m, v);
            Sums[b].Add(m, v);
            ScoreTerms.All(Sums[a], m, InvK, out ObjTerm[a], out ViolTerm[a], out GuideTerm[a]);
            ScoreTerms.All(Sums[b], m, InvK, out ObjTerm[b], out ViolTerm[b], out GuideTerm[b]);
        }
        _evalV = -1;
        if (GroupTable.Length > 0)
        {
            int g = m.Group[v];
            if (g >= 0)
            {
                double p = m.P[v];
                ref double ca = ref GroupTable[a * m.GroupCount + g];
                ref double cb = ref GroupTable[b * m.GroupCount + g];
                GroupSquares += ((ca - p) * (ca - p) + (cb + p) * (cb + p) - ca * ca - cb * cb) / m.GroupPatients[g];
                ca -= p;
                cb += p;
            }
        }
        Assign[v] = b;
        int[] off = m.Offsets, tgt = m.Targets, rev = m.Reverse;
        int dv = 0, ov = off[v];
        ulong same = 0;
        for (int e = ov; e < off[v + 1]; e++)
        {
            int w = tgt[e];
            int lw = Assign[w];
            if (lw == a)
            {
                _diff[w]++;
                SetBoundary(w, true);
                int j = rev[e] - off[w];
                if (j < 64) _same[w] &= ~(1UL << j);
                dv++;
            }
            else if (lw == b)
            {
                if (--_diff[w] == 0) SetBoundary(w, false);
                int j = rev[e] - off[w];
                if (j < 64) _same[w] |= 1UL << j;
                if (e - ov < 64) same |= 1UL << (e - ov);
            }
            else dv++;
        }
        _diff[v] = dv;
        _same[v] = same;
        SetBoundary(v, dv > 0);
        Objective += dObj;
        Violation += dViol;
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
        if (++_stamp == int.MaxValue) ResetStamps();
        int stamp = _stamp;
        mark[v] = stamp;
        int cnt = 0, ov = off[v];
        for (ulong bits = _same[v]; bits != 0; bits &= bits - 1)
        {
            int w = tgt[ov + System.Numerics.BitOperations.TrailingZeroCount(bits)];
            mark[w] = stamp; owner[w] = cnt; _nb[cnt] = w; _parent[cnt] = cnt; cnt++;
        }
        if (off[v + 1] - ov > 64)
        {
            int a = Assign[v];
            for (int e = ov + 64; e < off[v + 1]; e++)
            {
                int w = tgt[e];
                if (Assign[w] != a) continue;
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
                int w = tgt[ox + System.Numerics.BitOperations.TrailingZeroCount(bits)];
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
                    int w = tgt[ox + System.Numerics.BitOperations.TrailingZeroCount(bits)];
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
        int a = Assign[x];
        for (int e = off[x] + 64; e < off[x + 1]; e++)
        {
            int w = tgt[e];
            if (Assign[w] != a || _mark[w] != stamp || w == v) continue;
            if (Join(i, _owner[w], ref roots)) return true;
        }
        return false;
    }

    /// <summary>Search step over the edges of a practice beyond its 64th (dense inputs only).</summary>
    private bool VisitWide(int q, int x, int v, int stamp, ref int roots)
    {
        int[] off = _m.Offsets, tgt = _m.Targets;
        int a = Assign[x];
        for (int e = off[x] + 64; e < off[x + 1]; e++)
        {
            int w = tgt[e];
            if (Assign[w] != a || w == v) continue;
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

    /// <summary>Stamps wrap after 2³¹ uses: clear every mark that compares against them (ReCom region tags included).</summary>
    private void ResetStamps()
    {
        Array.Clear(_mark);
        Array.Clear(Tree.RegionTag);
        _stamp = 1;
    }

    /// <summary>
    /// ReCom proposal: merges consortia <paramref name="a"/> and <paramref name="b"/> (adjacent, via practice
    /// <paramref name="seed"/> in a), draws a uniform spanning tree of the union and finds the tree cut with the best
    /// penalised score whose two sides meet the bounds and keep locks whole and apart. On success the tree and
    /// <see cref="SpanningTree.InSub"/> describe the split, and the deltas are returned.
    /// </summary>
    public bool ProposeRecom(int seed, int a, int b, double lambda, ref Xoshiro256 rng, out double dObj, out double dViol) =>
        ProposeRecom(seed, a, b, lambda, 0, false, ref rng, out dObj, out dViol, out _);

    /// <summary>
    /// ReCom proposal scoring each valid cut by objective + λ × (violation + <paramref name="guideWeight"/> × guidance);
    /// with <paramref name="feasibleOnly"/>, only cuts whose two sides meet every rule are considered (the pair is assumed
    /// to meet them now).
    /// </summary>
    public bool ProposeRecom(int seed, int a, int b, double lambda, double guideWeight, bool feasibleOnly, ref Xoshiro256 rng,
        out double dObj, out double dViol, out double dGuide)
    {
        var m = _m;
        var tree = Tree;
        dObj = 0; dViol = 0; dGuide = 0;
        int[] off = m.Offsets, tgt = m.Targets;
        int[] tag = tree.RegionTag;
        if (++_stamp == int.MaxValue) ResetStamps();
        int t = _stamp;
        // Region = members of a and b, by search from the seed (both consortia are connected and adjacent).
        int head = 0, tail = 0;
        _queue[tail++] = seed;
        _mark[seed] = t;
        while (head < tail)
        {
            int x = _queue[head++];
            for (int e = off[x]; e < off[x + 1]; e++)
            {
                int w = tgt[e];
                if (_mark[w] == t) continue;
                int l = Assign[w];
                if (l != a && l != b) continue;
                _mark[w] = t;
                _queue[tail++] = w;
            }
        }
        int size = tail;
        // Negative tags, so they never meet the carver's positive ones.
        for (int i = 0; i < size; i++) tag[_queue[i]] = -t;
        if (!tree.Draw(_queue, 0, size, -t, ref rng)) return false;
        int comp = m.Component[seed];
        double min = _minAllowed[comp] * (1 - 1e-12), max = _maxAllowed[comp] * (1 + 1e-12);
        ref readonly var total = ref tree.Sub[tree.Root];
        double tp = total.P;
        int totalLocks = total.Locks;
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
            ScoreTerms.All(s, m, InvK, out double oSub, out double vSub, out double gSub);
            ScoreTerms.All(r, m, InvK, out double oRest, out double vRest, out double gRest);
            double o = oSub + oRest, vi = vSub + vRest;
            if (feasibleOnly && vi > 0) continue;
            double gi = guide ? gSub + gRest : 0;
            double score = o + lambda * (vi + guideWeight * gi);
            if (score < bestScore) { bestScore = score; best = i; bestObj = o; bestViol = vi; bestGuide = gi; }
        }
        if (best < 0) return false;
        tree.MarkSubtree(best);
        dObj = bestObj - ObjTerm[a] - ObjTerm[b];
        dViol = bestViol - ViolTerm[a] - ViolTerm[b];
        dGuide = guide ? bestGuide - GuideTerm[a] - GuideTerm[b] : 0;
        if (GroupTable.Length > 0)
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
                double oa = GroupTable[a * gc + g], ob = GroupTable[b * gc + g];
                dSq += (_newA[g] * _newA[g] + _newB[g] * _newB[g] - oa * oa - ob * ob) / m.GroupPatients[g];
            }
            _groupTouched = touched;
            dObj -= m.DisruptionWeight * dSq / m.TotalP;
        }
        return true;
    }

    private int _groupTouched;

    /// <summary>Applies the split found by the last successful <c>ProposeRecom</c>: subtree side to b, rest to a.</summary>
    public void ApplyRecom(int a, int b, double dObj, double dViol)
    {
        var m = _m;
        var tree = Tree;
        Sums[a] = default;
        Sums[b] = default;
        for (int i = 0; i < tree.Count; i++)
        {
            int w = tree.Verts[i];
            int l = tree.InSub[i] == 1 ? b : a;
            Assign[w] = l;
            Sums[l].Add(m, w);
        }
        ScoreTerms.All(Sums[a], m, InvK, out ObjTerm[a], out ViolTerm[a], out GuideTerm[a]);
        ScoreTerms.All(Sums[b], m, InvK, out ObjTerm[b], out ViolTerm[b], out GuideTerm[b]);
        _evalV = -1;
        if (GroupTable.Length > 0)
        {
            int gc = m.GroupCount;
            for (int i = 0; i < _groupTouched; i++)
            {
                int g = _touched[i];
                double oa = GroupTable[a * gc + g], ob = GroupTable[b * gc + g];
                GroupSquares += (_newA[g] * _newA[g] + _newB[g] * _newB[g] - oa * oa - ob * ob) / m.GroupPatients[g];
                GroupTable[a * gc + g] = _newA[g];
                GroupTable[b * gc + g] = _newB[g];
            }
        }
        // Practices outside the pair see a or b before and after, so only the pair's boundary status can change.
        for (int i = 0; i < tree.Count; i++) RefreshBoundary(tree.Verts[i]);
        Objective += dObj;
        Violation += dViol;
    }
}
