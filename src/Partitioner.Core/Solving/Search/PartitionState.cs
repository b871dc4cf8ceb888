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
    private readonly int[] _mark, _target, _queue, _nb, _touched, _groupMark;
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

    public PartitionState(SearchModel m, SpanningTree tree)
    {
        _m = m;
        Tree = tree;
        int n = m.N;
        Assign = new int[n];
        _diff = new int[n]; _boundaryPos = new int[n]; _boundary = new int[n];
        _mark = new int[n]; _target = new int[n]; _queue = new int[n];
        int maxDeg = 1;
        for (int v = 0; v < n; v++) maxDeg = Math.Max(maxDeg, m.Offsets[v + 1] - m.Offsets[v]);
        _nb = new int[maxDeg];
        _touched = new int[Math.Max(m.GroupCount, 1)];
        _groupMark = new int[Math.Max(m.GroupCount, 1)];
        _newA = new double[Math.Max(m.GroupCount, 1)];
        _newB = new double[Math.Max(m.GroupCount, 1)];
    }

    public SearchModel Model => _m;

    /// <summary>Disruption (share of patients) from the group table.</summary>
    public double Disruption => _m.GroupCount == 0 ? 0 : (_m.GroupedPatients - GroupSquares) / _m.TotalP;

    /// <summary>Loads an assignment with labels 0..<paramref name="k"/>-1 and recomputes everything from scratch.</summary>
    public void Load(int[] assign, int k)
    {
        var m = _m;
        K = k;
        InvK = 1.0 / k;
        Array.Copy(assign, Assign, m.N);
        if (Sums.Length != k) { Sums = new ConsortiumSums[k]; ObjTerm = new double[k]; ViolTerm = new double[k]; GuideTerm = new double[k]; }
        else Array.Clear(Sums);
        for (int v = 0; v < m.N; v++) Sums[Assign[v]].Add(m, v);
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
        int a = Assign[v], d = 0;
        for (int e = off[v]; e < off[v + 1]; e++) if (Assign[tgt[e]] != a) d++;
        _diff[v] = d;
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
            ObjTerm[c] = ScoreTerms.Objective(Sums[c], m, InvK);
            ViolTerm[c] = ScoreTerms.Violation(Sums[c], m);
            GuideTerm[c] = ScoreTerms.Guide(Sums[c], m);
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
        return sa.P - p >= m.CompMin[comp] * (1 - 1e-12) && Sums[b].P + p <= m.CompMax[comp] * (1 + 1e-12);
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
        var na = Sums[a];
        na.Remove(m, v);
        var nb = Sums[b];
        nb.Add(m, v);
        double oa = ScoreTerms.Objective(na, m, InvK), ob = ScoreTerms.Objective(nb, m, InvK);
        dObj = oa + ob - ObjTerm[a] - ObjTerm[b];
        dViol = ScoreTerms.Violation(na, m) + ScoreTerms.Violation(nb, m) - ViolTerm[a] - ViolTerm[b];
        dGuide = m.BalanceRules ? ScoreTerms.Guide(na, m) + ScoreTerms.Guide(nb, m) - GuideTerm[a] - GuideTerm[b] : 0;
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

    /// <summary>Moves <paramref name="v"/> to <paramref name="b"/>, given the deltas from <c>EvaluateMove</c>.</summary>
    public void ApplyMove(int v, int b, double dObj, double dViol)
    {
        var m = _m;
        int a = Assign[v];
        Sums[a].Remove(m, v);
        Sums[b].Add(m, v);
        ObjTerm[a] = ScoreTerms.Objective(Sums[a], m, InvK);
        ObjTerm[b] = ScoreTerms.Objective(Sums[b], m, InvK);
        ViolTerm[a] = ScoreTerms.Violation(Sums[a], m);
        ViolTerm[b] = ScoreTerms.Violation(Sums[b], m);
        GuideTerm[a] = ScoreTerms.Guide(Sums[a], m);
        GuideTerm[b] = ScoreTerms.Guide(Sums[b], m);
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
        int[] off = m.Offsets, tgt = m.Targets;
        int dv = 0;
        for (int e = off[v]; e < off[v + 1]; e++)
        {
            int w = tgt[e];
            int lw = Assign[w];
            if (lw != b) dv++;
            if (lw == a) { _diff[w]++; SetBoundary(w, true); }
            else if (lw == b && --_diff[w] == 0) SetBoundary(w, false);
        }
        _diff[v] = dv;
        SetBoundary(v, dv > 0);
        Objective += dObj;
        Violation += dViol;
    }

    /// <summary>
    /// True when removing <paramref name="v"/> leaves its consortium connected. First a local test (its neighbours in
    /// the consortium are linked among themselves, the usual case on planar-like graphs), then a breadth-first search
    /// inside the consortium that stops as soon as every such neighbour is reached.
    /// </summary>
    public bool CanLeave(int v)
    {
        var m = _m;
        int[] off = m.Offsets, tgt = m.Targets;
        int a = Assign[v];
        int cnt = 0;
        for (int e = off[v]; e < off[v + 1]; e++) { int w = tgt[e]; if (Assign[w] == a) _nb[cnt++] = w; }
        if (cnt <= 1) return true;
        if (cnt <= 64)
        {
            ulong seen = 1UL;
            int stackTop = 0;
            Span<int> stack = stackalloc int[64];
            stack[stackTop++] = 0;
            while (stackTop > 0)
            {
                int i = stack[--stackTop];
                int wi = _nb[i];
                for (int j = 0; j < cnt; j++)
                {
                    if ((seen & (1UL << j)) != 0) continue;
                    if (Adjacent(wi, _nb[j])) { seen |= 1UL << j; stack[stackTop++] = j; }
                }
            }
            if (seen == (cnt == 64 ? ulong.MaxValue : (1UL << cnt) - 1)) return true;
        }
        if (++_stamp == int.MaxValue) ResetStamps();
        int stamp = _stamp;
        for (int i = 1; i < cnt; i++) _target[_nb[i]] = stamp;
        int remaining = cnt - 1;
        _mark[v] = stamp;
        _mark[_nb[0]] = stamp;
        int head = 0, tail = 0;
        _queue[tail++] = _nb[0];
        while (head < tail)
        {
            int x = _queue[head++];
            for (int e = off[x]; e < off[x + 1]; e++)
            {
                int w = tgt[e];
                if (Assign[w] != a || _mark[w] == stamp) continue;
                _mark[w] = stamp;
                if (_target[w] == stamp && --remaining == 0) return true;
                _queue[tail++] = w;
            }
        }
        return false;
    }

    /// <summary>Stamps wrap after 2³¹ uses: clear every mark that compares against them (ReCom region tags included).</summary>
    private void ResetStamps()
    {
        Array.Clear(_mark);
        Array.Clear(_target);
        Array.Clear(Tree.RegionTag);
        _stamp = 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Adjacent(int a, int b)
    {
        int[] off = _m.Offsets;
        return Array.BinarySearch(_m.Targets, off[a], off[a + 1] - off[a], b) >= 0;
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
        double min = m.CompMin[comp] * (1 - 1e-12), max = m.CompMax[comp] * (1 + 1e-12);
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
            double o = ScoreTerms.Objective(s, m, InvK) + ScoreTerms.Objective(r, m, InvK);
            double vi = ScoreTerms.Violation(s, m) + ScoreTerms.Violation(r, m);
            if (feasibleOnly && vi > 0) continue;
            double gi = guide ? ScoreTerms.Guide(s, m) + ScoreTerms.Guide(r, m) : 0;
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
        ObjTerm[a] = ScoreTerms.Objective(Sums[a], m, InvK);
        ObjTerm[b] = ScoreTerms.Objective(Sums[b], m, InvK);
        ViolTerm[a] = ScoreTerms.Violation(Sums[a], m);
        ViolTerm[b] = ScoreTerms.Violation(Sums[b], m);
        GuideTerm[a] = ScoreTerms.Guide(Sums[a], m);
        GuideTerm[b] = ScoreTerms.Guide(Sums[b], m);
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
