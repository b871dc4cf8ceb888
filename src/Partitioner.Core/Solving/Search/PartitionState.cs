using System.Runtime.CompilerServices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The search state of one restart: the assignment, each consortium's running sums and cached score terms, the boundary
/// practices, and the (consortium × existing group) patient table for disruption. Every single-practice move is measured
/// in O(1) from the sums (<see cref="EvaluateMove"/>) and applied from that measure (<see cref="ApplyMove"/>); a re-cut
/// of two consortia is applied by <see cref="ApplyRecut"/>. Moves read the state; only the state writes it. Owned by
/// one thread.
/// </summary>
internal sealed class PartitionState
{
    private readonly SearchData _m;
    private readonly ContiguityCheck _contiguity;
    // Bit j of _same[v] is set when v's j-th neighbour (j < 64) is in v's consortium, so the contiguity searches walk
    // only same-consortium edges without reading the neighbours' labels. Kept in O(degree) per move.
    private readonly ulong[] _same;
    private readonly int[] _assign, _diff, _boundaryPos, _boundary;
    private int _boundaryCount;
    // Population bounds that moves and re-cuts must keep, per connected area: the area's bounds, or wider ones while a
    // plan carved with relaxed bounds is being repaired (the violation still measures against the rules' bounds).
    private readonly double[] _minAllowed, _maxAllowed;
    private bool _relaxed;
    private int[] _areaOf = Array.Empty<int>();

    public PartitionState(SearchData m, SpanningTree tree)
    {
        _m = m;
        Tree = tree;
        int n = m.N;
        _assign = new int[n];
        _diff = new int[n]; _boundaryPos = new int[n]; _boundary = new int[n];
        _same = new ulong[n];
        _minAllowed = (double[])m.CompMin.Clone();
        _maxAllowed = (double[])m.CompMax.Clone();
        _contiguity = new ContiguityCheck(m, this, _same);
    }

    public SearchData Model => _m;

    /// <summary>Consortium label (0..<see cref="K"/>−1) of each practice. Read-only for everyone but the state.</summary>
    public int[] Assign => _assign;

    /// <summary>Practices with at least one neighbour in another consortium, in <c>[0, BoundaryCount)</c>.</summary>
    public int[] Boundary => _boundary;
    public int BoundaryCount => _boundaryCount;

    /// <summary>Number of consortia and 1 / that number (each consortium's share of the spread).</summary>
    public int K { get; private set; }
    public double InvK { get; private set; }

    /// <summary>Each consortium's running sums and cached objective, violation and guidance terms (read-only outside the state).</summary>
    public ConsortiumSums[] Sums { get; private set; } = Array.Empty<ConsortiumSums>();
    public double[] ObjTerm { get; private set; } = Array.Empty<double>();
    public double[] ViolTerm { get; private set; } = Array.Empty<double>();
    /// <summary>Each consortium's search guidance (<see cref="ScoreTerms.Guide"/>), not part of the score.</summary>
    public double[] GuideTerm { get; private set; } = Array.Empty<double>();

    /// <summary>Patients of existing group g in consortium c at [c × GroupCount + g] (empty without a disruption term).</summary>
    public double[] GroupTable { get; private set; } = Array.Empty<double>();
    /// <summary>Σ_g Σ_c table² / patients of g.</summary>
    public double GroupSquares { get; private set; }

    /// <summary>The plan's objective and violation, kept by the moves' deltas (resynchronised from the sums regularly).</summary>
    public double Objective { get; private set; }
    public double Violation { get; private set; }

    /// <summary>The restart's spanning-tree scratch (shared by re-cuts, splits and the carver).</summary>
    public SpanningTree Tree { get; }

    /// <summary>Disruption (share of patients) from the group table.</summary>
    public double Disruption => _m.GroupCount == 0 ? 0 : (_m.GroupedPatients - GroupSquares) / _m.TotalP;

    /// <summary>The connected area of consortium <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AreaOf(int c) => _areaOf[c];

    /// <summary>The population bounds moves must keep in connected area <paramref name="area"/> (see <see cref="Relax"/>).</summary>
    public double MinAllowed(int area) => _minAllowed[area];
    public double MaxAllowed(int area) => _maxAllowed[area];

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
            if (s.P < RuleCheck.Lowest(_m.CompMin[_areaOf[c]]) || s.P > RuleCheck.Highest(_m.CompMax[_areaOf[c]])) return false;
        }
        return true;
    }

    /// <summary>Loads an assignment with labels 0..<paramref name="k"/>-1 and recomputes everything from scratch.</summary>
    public void Load(int[] assign, int k)
    {
        var m = _m;
        K = k;
        InvK = 1.0 / k;
        Array.Copy(assign, _assign, m.N);
        if (Sums.Length != k) { Sums = new ConsortiumSums[k]; ObjTerm = new double[k]; ViolTerm = new double[k]; GuideTerm = new double[k]; _areaOf = new int[k]; }
        else Array.Clear(Sums);
        for (int v = 0; v < m.N; v++) { Sums[_assign[v]].Add(m, v); _areaOf[_assign[v]] = m.Component[v]; }
        Array.Copy(m.CompMin, _minAllowed, _minAllowed.Length);
        Array.Copy(m.CompMax, _maxAllowed, _maxAllowed.Length);
        _relaxed = false;
        if (m.GroupCount > 0 && m.DisruptionWeight != 0)
        {
            if (GroupTable.Length != k * m.GroupCount) GroupTable = new double[k * m.GroupCount];
            else Array.Clear(GroupTable);
            for (int v = 0; v < m.N; v++) if (m.Group[v] >= 0) GroupTable[_assign[v] * m.GroupCount + m.Group[v]] += m.P[v];
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
        int a = _assign[v], d = 0, o = off[v];
        ulong same = 0;
        for (int e = o; e < off[v + 1]; e++)
        {
            if (_assign[tgt[e]] != a) d++;
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
        if (m.BorderCost is { } cost)
        {
            double border = 0;
            for (int v = 0; v < m.N; v++)
                for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
                    if (m.Targets[e] > v && _assign[m.Targets[e]] != _assign[v]) border += cost[e];
            o += border;
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
        int a = _assign[v];
        ref readonly var sa = ref Sums[a];
        if (sa.Count <= 1) return false;
        int comp = m.Component[v];
        double p = m.P[v];
        return sa.P - p >= RuleCheck.Lowest(_minAllowed[comp]) && Sums[b].P + p <= RuleCheck.Highest(_maxAllowed[comp]);
    }

    /// <summary>True when removing <paramref name="v"/> leaves its consortium connected (<see cref="ContiguityCheck"/>).</summary>
    public bool CanLeave(int v) => _contiguity.CanLeave(v);

    /// <summary>Measures moving <paramref name="v"/> to <paramref name="b"/> into <paramref name="d"/>: the two consortia's
    /// new sums and terms, and the changes of the objective, the violation and the guidance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EvaluateMove(int v, int b, ref MoveDelta d)
    {
        var m = _m;
        int a = _assign[v];
        d.Practice = v; d.From = a; d.To = b;
        d.SumsFrom = Sums[a];
        d.SumsFrom.Remove(m, v);
        d.SumsTo = Sums[b];
        d.SumsTo.Add(m, v);
        ScoreTerms.All(d.SumsFrom, m, InvK, out d.ObjFrom, out d.ViolFrom, out d.GuideFrom);
        ScoreTerms.All(d.SumsTo, m, InvK, out d.ObjTo, out d.ViolTo, out d.GuideTo);
        d.Objective = d.ObjFrom + d.ObjTo - ObjTerm[a] - ObjTerm[b];
        d.Violation = d.ViolFrom + d.ViolTo - ViolTerm[a] - ViolTerm[b];
        d.Guide = m.BalanceRules ? d.GuideFrom + d.GuideTo - GuideTerm[a] - GuideTerm[b] : 0;
        if (GroupTable.Length > 0)
        {
            int g = m.Group[v];
            if (g >= 0)
            {
                double p = m.P[v];
                double ca = GroupTable[a * m.GroupCount + g], cb = GroupTable[b * m.GroupCount + g];
                double dSq = ((ca - p) * (ca - p) + (cb + p) * (cb + p) - ca * ca - cb * cb) / m.GroupPatients[g];
                d.Objective -= m.DisruptionWeight * dSq / m.TotalP;
            }
        }
        if (m.BorderCost is { } cost) d.Objective += BorderChange(v, a, b, cost);
    }

    /// <summary>Change of the boundary term when <paramref name="v"/> moves from <paramref name="a"/> to
    /// <paramref name="b"/>: its edges into a become borders, its edges into b stop being borders.</summary>
    private double BorderChange(int v, int a, int b, double[] cost)
    {
        int[] off = _m.Offsets, tgt = _m.Targets;
        double change = 0;
        for (int e = off[v]; e < off[v + 1]; e++)
        {
            int l = _assign[tgt[e]];
            if (l == a) change += cost[e];
            else if (l == b) change -= cost[e];
        }
        return change;
    }

    /// <summary>Applies a move measured by <see cref="EvaluateMove"/> on the current state.</summary>
    public void ApplyMove(in MoveDelta d)
    {
        var m = _m;
        int v = d.Practice, a = d.From, b = d.To;
        Sums[a] = d.SumsFrom; Sums[b] = d.SumsTo;
        ObjTerm[a] = d.ObjFrom; ObjTerm[b] = d.ObjTo;
        ViolTerm[a] = d.ViolFrom; ViolTerm[b] = d.ViolTo;
        GuideTerm[a] = d.GuideFrom; GuideTerm[b] = d.GuideTo;
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
        _assign[v] = b;
        int[] off = m.Offsets, tgt = m.Targets, rev = m.Reverse;
        int dv = 0, ov = off[v];
        ulong same = 0;
        for (int e = ov; e < off[v + 1]; e++)
        {
            int w = tgt[e];
            int lw = _assign[w];
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
        Objective += d.Objective;
        Violation += d.Violation;
    }

    /// <summary>Moves <paramref name="v"/> to <paramref name="b"/>, measuring the move first (undoing a compound move).</summary>
    public void Move(int v, int b)
    {
        var d = default(MoveDelta);
        EvaluateMove(v, b, ref d);
        ApplyMove(d);
    }

    /// <summary>
    /// Applies a re-cut of consortia <paramref name="a"/> and <paramref name="b"/> along the last cut of <see cref="Tree"/>
    /// (<see cref="SpanningTree.InSub"/> side to b, the rest to a), with the score changes measured by its proposer and,
    /// for disruption, the new patients of the <paramref name="touchedCount"/> groups in <paramref name="touched"/> on
    /// each side (<paramref name="newA"/>, <paramref name="newB"/>, indexed by group).
    /// </summary>
    public void ApplyRecut(int a, int b, double dObj, double dViol, int[] touched, int touchedCount, double[] newA, double[] newB)
    {
        var m = _m;
        var tree = Tree;
        Sums[a] = default;
        Sums[b] = default;
        for (int i = 0; i < tree.Count; i++)
        {
            int w = tree.Verts[i];
            int l = tree.InSub[i] == 1 ? b : a;
            _assign[w] = l;
            Sums[l].Add(m, w);
        }
        ScoreTerms.All(Sums[a], m, InvK, out ObjTerm[a], out ViolTerm[a], out GuideTerm[a]);
        ScoreTerms.All(Sums[b], m, InvK, out ObjTerm[b], out ViolTerm[b], out GuideTerm[b]);
        if (GroupTable.Length > 0)
        {
            int gc = m.GroupCount;
            for (int i = 0; i < touchedCount; i++)
            {
                int g = touched[i];
                double oa = GroupTable[a * gc + g], ob = GroupTable[b * gc + g];
                GroupSquares += (newA[g] * newA[g] + newB[g] * newB[g] - oa * oa - ob * ob) / m.GroupPatients[g];
                GroupTable[a * gc + g] = newA[g];
                GroupTable[b * gc + g] = newB[g];
            }
        }
        // Practices outside the pair see a or b before and after, so only the pair's boundary status can change.
        for (int i = 0; i < tree.Count; i++) RefreshBoundary(tree.Verts[i]);
        Objective += dObj;
        Violation += dViol;
    }
}
