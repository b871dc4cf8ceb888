using System.Numerics;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Exact re-cutting of small groups of neighbouring consortia: the polish at the end of every restart, and a repair for
/// plans the annealing left outside the population bounds. For every connected group of two to <see cref="MaxGroup"/>
/// consortia (at most 64 practices together) it finds the best way to cut the group's practices into the same number of
/// contiguous consortia, ranked by (rules broken, objective), and takes it when it beats the current cut; for a group
/// that meets every rule and a count preference, it first tries one consortium fewer ("fewest") or more ("most"). It
/// repeats until no group improves, so the plan is a local optimum for re-cutting any such group, which annealing with
/// single-practice moves and random spanning-tree cuts does not reach in small areas of nearly full localities: there
/// the plans within the bounds are far apart for those moves. Measured in tools/Partitioner.Bench.Exact/RESULTS.md.
/// <para>
/// Enumeration (branch and bound): the consortium holding the practice with the fewest neighbours left is grown as a
/// connected set by the ESU scheme (each set once), within the population window that leaves the others cuttable; then
/// the rest, recursively; the last consortium must be contiguous. A branch is cut off when its population excess, or
/// its inertia (which never falls when a practice joins) plus the cost so far minus the most the disruption terms can
/// still give back (<see cref="Rebate"/>), cannot beat the best cut; spread is never negative. Work is capped per group
/// (<see cref="NodeCap"/>) and per polish (a budget from the caller), and groups of consortia unchanged since they were
/// last tried are skipped, so the polish is bounded and deterministic.
/// </para>
/// </summary>
internal sealed class NeighbourRecut
{
    /// <summary>Largest group of consortia re-cut at once.</summary>
    public const int MaxGroup = 8;
    /// <summary>Enumeration steps allowed per group (a group that needs more is left as it is).</summary>
    public const int NodeCap = 200_000;
    private const int MaxRegion = 64;

    private readonly SearchData _m;
    // Region scratch: members (local index → practice), adjacency masks, per-practice sums.
    private readonly int[] _members = new int[MaxRegion];
    private readonly ulong[] _adj = new ulong[MaxRegion];
    private readonly ConsortiumSums[] _unit = new ConsortiumSums[MaxRegion];
    private readonly int[] _local;
    // Best cut found so far (masks per consortium) and the one being built.
    private readonly ulong[] _cut = new ulong[MaxGroup + 1], _bestCut = new ulong[MaxGroup + 1];
    private double _best, _bestViol;
    private bool _found;
    private long _nodes;
    private double _min, _max, _invK;
    private long _cap, _budget;
    private readonly double[] _groupSum;
    private readonly int[] _groupTouched;

    public NeighbourRecut(SearchData m)
    {
        _m = m;
        _local = new int[m.N];
        Array.Fill(_local, -1);
        _groupSum = new double[Math.Max(1, m.GroupCount)];
        _groupTouched = new int[Math.Max(1, m.GroupCount)];
    }

    /// <summary>Groups re-cut (each an improvement) by the last <see cref="Polish"/>.</summary>
    public int Improvements { get; private set; }

    // The plan being polished, refreshed after each re-cut: per consortium its sums, area, members and neighbours.
    private int[] _assign = Array.Empty<int>();
    private int _k;
    private ConsortiumSums[] _sums = Array.Empty<ConsortiumSums>();
    private int[] _area = Array.Empty<int>(), _perArea = Array.Empty<int>();
    private bool[] _valid = Array.Empty<bool>();
    private int[][] _near = Array.Empty<int[]>();
    // Candidate consortia per depth of the group enumeration (length ≥ the count).
    private int[][] _candidates = Array.Empty<int[]>();
    private List<int>[] _membersOf = Array.Empty<List<int>>();

    // Consortia changed since their groups were last tried (this sweep and the next): a group of unchanged consortia
    // would give the same answer again, so it is skipped.
    private bool[] _dirtyNow = Array.Empty<bool>(), _dirtyNext = Array.Empty<bool>();

    /// <summary>
    /// Polishes the plan <paramref name="assign"/> (labels 0..<paramref name="k"/>−1, in place) and returns its count,
    /// which changes only towards the count preference. A group is re-cut when the new cut is better by (rules broken,
    /// objective): groups that break no rule keep meeting every rule, and a group with a consortium outside the rules
    /// may be repaired. The enumeration takes at most <paramref name="maxNodes"/> steps in all (at most
    /// <see cref="NodeCap"/> per group), so the polish is bounded and deterministic. Only groups holding a consortium in <paramref name="changed"/> (all when null), or one re-cut
    /// since, are tried. Stops early when <paramref name="shouldStop"/> says so (checked per group).
    /// </summary>
    public int Polish(int[] assign, int k, long maxNodes, Func<bool> shouldStop, IReadOnlyCollection<int>? changed = null)
    {
        Improvements = 0;
        _budget = maxNodes;
        _assign = assign;
        _k = k;
        Refresh();
        _dirtyNow = new bool[k];
        _dirtyNext = new bool[k];
        if (changed is null) Array.Fill(_dirtyNow, true);
        else foreach (int c in changed) _dirtyNow[c] = true;
        var group = new List<int>(MaxGroup);
        while (Array.IndexOf(_dirtyNow, true) >= 0)
        {
            for (int size = 2; size <= MaxGroup; size++)
            {
                // Every connected set of consortia, grown from its smallest label; after a re-cut the same label is tried again.
                for (int c0 = 0; c0 < _k; c0++)
                {
                    if (_budget <= 0 || shouldStop()) return _k;
                    group.Clear();
                    group.Add(c0);
                    int count = 0;
                    foreach (int l in _near[c0]) if (l > c0) _candidates[0][count++] = l;
                    if (!Grow(group, 0, count, size, _membersOf[c0].Count)) continue;
                    Improvements++;
                    Refresh();
                    c0--;
                }
            }
            (_dirtyNow, _dirtyNext) = (_dirtyNext, _dirtyNow);
            Array.Clear(_dirtyNext);
        }
        return _k;
    }

    /// <summary>Marks consortium <paramref name="c"/> as changed for the rest of this sweep and the next.</summary>
    private void MarkChanged(int c)
    {
        _dirtyNow[c] = true;
        _dirtyNext[c] = true;
    }

    /// <summary>Recomputes each consortium's sums, area, validity, members and neighbours from the plan.</summary>
    private void Refresh()
    {
        var m = _m;
        int k = _k;
        var assign = _assign;
        _sums = new ConsortiumSums[k];
        _area = new int[k];
        for (int v = 0; v < m.N; v++) { _sums[assign[v]].Add(m, v); _area[assign[v]] = m.Component[v]; }
        _perArea = new int[m.ComponentCount];
        for (int c = 0; c < k; c++) _perArea[_area[c]]++;
        _valid = new bool[k];
        for (int c = 0; c < k; c++)
            _valid[c] = ScoreTerms.Violation(_sums[c], m) <= 0 && _sums[c].LockHash == 0 && _sums[c].Locks <= 1
                && _sums[c].P >= RuleCheck.Lowest(m.CompMin[_area[c]]) && _sums[c].P <= RuleCheck.Highest(m.CompMax[_area[c]]);
        var near = new SortedSet<int>[k];
        for (int c = 0; c < k; c++) near[c] = new SortedSet<int>();
        for (int v = 0; v < m.N; v++)
            for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
            {
                int l = assign[m.Targets[e]];
                if (l != assign[v]) near[assign[v]].Add(l);
            }
        _near = new int[k][];
        for (int c = 0; c < k; c++) _near[c] = [.. near[c]];
        if (_candidates.Length == 0 || _candidates[0].Length < k)
        {
            _candidates = new int[MaxGroup + 1][];
            for (int d = 0; d <= MaxGroup; d++) _candidates[d] = new int[k];
        }
        _membersOf = new List<int>[k];
        for (int c = 0; c < k; c++) _membersOf[c] = new List<int>();
        for (int v = 0; v < m.N; v++) _membersOf[assign[v]].Add(v);
    }

    /// <summary>
    /// ESU over the consortium adjacency: grows <paramref name="group"/> (connected, its first label the smallest, holding
    /// <paramref name="practices"/> practices) by the first <paramref name="count"/> candidates at
    /// <paramref name="depth"/> into every connected set of <paramref name="size"/> consortia of at most
    /// <see cref="MaxRegion"/> practices, each once, trying each (<see cref="TryGroup"/>) until one is re-cut.
    /// </summary>
    private bool Grow(List<int> group, int depth, int count, int size, int practices)
    {
        if (group.Count == size) return TryGroup(group);
        var near = _near;
        int[] candidates = _candidates[depth], next = _candidates[depth + 1];
        while (count > 0)
        {
            int w = candidates[--count];
            // A set holding w would be too large (w stays excluded from the sets grown from here, as ESU requires).
            if (practices + _membersOf[w].Count > MaxRegion) continue;
            Array.Copy(candidates, next, count);
            int n = count;
            // Exclusive neighbours of w: not in the group and not next to it (those are, or were, candidates already).
            foreach (int u in near[w])
                if (u > group[0] && !group.Contains(u) && !Touches(group, u)) next[n++] = u;
            group.Add(w);
            bool done = Grow(group, depth + 1, n, size, practices + _membersOf[w].Count);
            group.RemoveAt(group.Count - 1);
            if (done) return true;
        }
        return false;
    }

    /// <summary>Whether consortium <paramref name="u"/> neighbours a member of <paramref name="group"/>.</summary>
    private bool Touches(List<int> group, int u)
    {
        foreach (int g in group)
            if (Array.BinarySearch(_near[g], u) >= 0) return true;
        return false;
    }

    /// <summary>Re-cuts one group of consortia when a better cut exists; true when the plan changed.</summary>
    private bool TryGroup(List<int> group)
    {
        var m = _m;
        int r = 0;
        bool allValid = true;
        double lo = double.MaxValue, hi = 0;
        foreach (int c in group)
        {
            r += _membersOf[c].Count;
            allValid &= _valid[c];
            lo = Math.Min(lo, _sums[c].P);
            hi = Math.Max(hi, _sums[c].P);
        }
        if (r > MaxRegion) return false;
        bool dirty = false;
        foreach (int c in group) dirty |= _dirtyNow[c];
        if (!dirty) return false;
        int a = _area[group[0]];
        int j = group.Count;
        // Load the region.
        r = 0;
        foreach (int c in group)
            foreach (int v in _membersOf[c]) { _local[v] = r; _members[r] = v; _unit[r] = m.Unit[v]; r++; }
        try
        {
            for (int i = 0; i < r; i++)
            {
                int v = _members[i];
                ulong adj = 0;
                for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++) { int w = _local[m.Targets[e]]; if (w >= 0) adj |= 1UL << w; }
                _adj[i] = adj;
            }
            ulong all = r == 64 ? ulong.MaxValue : (1UL << r) - 1;
            // Consortia may be as small or as large as the area allows, or as the group's own are (a group under repair).
            _min = RuleCheck.Lowest(Math.Min(m.CompMin[a], lo));
            _max = RuleCheck.Highest(Math.Max(m.CompMax[a], hi));
            var pref = m.Problem.Rules.CountPreference;
            int k = _k;
            // A count nearer the preference first, for a group that meets every rule: any cut meeting every rule wins.
            int alt = !allValid ? 0 : pref switch
            {
                CountPreference.Fewest when _perArea[a] > m.CompKMin[a] && k > m.Counts.KMin => j - 1,
                CountPreference.Most when _perArea[a] < m.CompKMax[a] && k < m.Counts.KMax => j + 1,
                _ => 0,
            };
            if (alt > 0 && alt <= MaxGroup + 1)
            {
                _invK = 1.0 / (k + alt - j);
                if (Search(all, alt, 0, double.PositiveInfinity))
                {
                    Apply(group, alt);
                    return true;
                }
            }
            _invK = 1.0 / k;
            double viol = 0, obj = 0;
            foreach (int c in group)
            {
                viol += ScoreTerms.Violation(_sums[c], m);
                obj += PartCost(_sums[c], MaskOf(_membersOf[c]));
            }
            // Better means less violation, or as little and a lower objective (by more than rounding).
            if (!Search(all, j, viol, obj - MinGain * Math.Max(Math.Abs(obj), 1e-300))) return false;
            Apply(group, j);
            return true;
        }
        finally
        {
            for (int i = 0; i < r; i++) _local[_members[i]] = -1;
        }
    }

    private ulong MaskOf(List<int> practices)
    {
        ulong mask = 0;
        foreach (int v in practices) mask |= 1UL << _local[v];
        return mask;
    }

    // Violations below this count as equal (floating noise in the sums).
    private const double ViolationTolerance = Score.Rounding;
    // A re-cut must lower the group's objective by more than this share of it, so re-cutting cannot cycle on rounding.
    private const double MinGain = 1e-9;

    /// <summary>Whether (v1, o1) is better than (v2, o2) by the one ordering of plans (<see cref="Score"/>).</summary>
    private static bool Less(double v1, double o1, double v2, double o2) => new Score(v1, o1).IsBetterThan(new Score(v2, o2));

    /// <summary>Best cut of <paramref name="region"/> into <paramref name="parts"/> consortia better than
    /// (<paramref name="violation"/>, <paramref name="objective"/>); true when one was found (in <see cref="_bestCut"/>).
    /// When the enumeration cap is reached, the best cut found so far stands.</summary>
    private bool Search(ulong region, int parts, double violation, double objective)
    {
        _bestViol = violation;
        _best = objective;
        _found = false;
        _nodes = 0;
        _cap = Math.Max(0, Math.Min(NodeCap, _budget));
        Split(region, parts, 0, 0, 0);
        _budget -= Math.Min(_nodes, _cap);
        return _found;
    }

    /// <summary>Cuts <paramref name="rest"/> into <paramref name="parts"/> consortia, the first <paramref name="depth"/>
    /// already chosen with (<paramref name="viol"/>, <paramref name="cost"/>).</summary>
    private void Split(ulong rest, int parts, int depth, double viol, double cost)
    {
        if (_nodes > _cap) return;
        if (parts == 1)
        {
            _nodes++;
            if (!Connected(rest)) return;
            var s = SumsOf(rest);
            if (!Fits(s)) return;
            double v = viol + ScoreTerms.Violation(s, _m), total = cost + PartCost(s, rest);
            if (!Less(v, total, _bestViol, _best)) return;
            _bestViol = v;
            _best = total;
            _found = true;
            _cut[depth] = rest;
            Array.Copy(_cut, _bestCut, depth + 1);
            return;
        }
        // The part holding the practice with the fewest neighbours left (fewer connected sets grow from it); its
        // population must leave the others between parts − 1 times the minimum and the maximum.
        int root = -1, fewest = int.MaxValue;
        double restP = 0;
        for (ulong b = rest; b != 0; b &= b - 1)
        {
            int i = BitOperations.TrailingZeroCount(b);
            restP += _unit[i].P;
            int d = BitOperations.PopCount(_adj[i] & rest);
            if (d < fewest) { fewest = d; root = i; }
        }
        double lo = Math.Max(_min, restP - (parts - 1) * _max), hi = Math.Min(_max, restP - (parts - 1) * _min);
        if (lo > hi) return;
        ulong rootBit = 1UL << root;
        double rebate = Rebate(rest);
        Grow(rest, parts, depth, viol, cost - rebate, rootBit, _unit[root], _adj[root] & rest, _adj[root] | rootBit, lo, hi, rebate);
    }

    /// <summary>ESU step: <paramref name="set"/> is connected and holds the root; <paramref name="ext"/> its allowed
    /// extensions; it may become the next consortium with between <paramref name="lo"/> and <paramref name="hi"/> patients.</summary>
    private void Grow(ulong rest, int parts, int depth, double viol, double bound, ulong set, ConsortiumSums s, ulong ext, ulong seen, double lo, double hi, double rebate)
    {
        if (++_nodes > _cap) return;
        // Lower bound for any cut that takes this set or a larger one as the next consortium: population excess and
        // inertia never fall when a practice joins, spread is never negative, and the disruption terms of this and the
        // remaining consortia together fall by at most the rebate (bound = cost so far − rebate).
        double excess = s.P > _m.RuleMax ? (s.P - _m.RuleMax) / _m.RuleMax : 0;
        if (viol + excess > _bestViol + ViolationTolerance) return;
        if (!Less(viol + excess, bound + ScoreTerms.Compactness(s, _m), _bestViol, _best)) return;
        if (s.P >= lo) TrySet(rest, parts, depth, viol, bound + rebate, set, s, rebate);
        while (ext != 0)
        {
            int w = BitOperations.TrailingZeroCount(ext);
            ulong bit = 1UL << w;
            ext &= ~bit;
            var next = s;
            next.Add(_unit[w]);
            if (next.P > hi) continue;
            ulong fresh = _adj[w] & rest & ~seen;
            Grow(rest, parts, depth, viol, bound, set | bit, next, ext | fresh, seen | fresh, lo, hi, rebate);
            if (_nodes > _cap) return;
        }
    }

    /// <summary>Takes <paramref name="set"/> as the next consortium when it fits and the rest can still be cut.</summary>
    private void TrySet(ulong rest, int parts, int depth, double viol, double cost, ulong set, in ConsortiumSums s, double rebate)
    {
        if (!Fits(s)) return;
        double v = viol + ScoreTerms.Violation(s, _m);
        if (v > _bestViol + ViolationTolerance) return;
        double c = cost + PartCost(s, set);
        if (!Less(v, c - rebate, _bestViol, _best)) return;
        ulong left = rest & ~set;
        if (!Splittable(left, parts - 1)) return;
        _cut[depth] = set;
        Split(left, parts - 1, depth + 1, v, c);
    }

    /// <summary>Whether <paramref name="left"/> can hold <paramref name="parts"/> consortia by population, area piece by piece.</summary>
    private bool Splittable(ulong left, int parts)
    {
        int lo = 0, hi = 0;
        while (left != 0)
        {
            ulong piece = Reach(left);
            left &= ~piece;
            double p = 0;
            for (ulong b = piece; b != 0; b &= b - 1) p += _unit[BitOperations.TrailingZeroCount(b)].P;
            int pl = RuleCheck.FewestParts(p, _max), ph = RuleCheck.MostParts(p, _min);
            if (pl > ph) return false;
            lo += pl; hi += ph;
            if (lo > parts) return false;
        }
        return lo <= parts && parts <= hi;
    }

    /// <summary>Practices of <paramref name="set"/> reachable from its first one.</summary>
    private ulong Reach(ulong set)
    {
        ulong reach = set & (~set + 1), frontier = reach;
        while (frontier != 0)
        {
            ulong next = 0;
            for (ulong b = frontier; b != 0; b &= b - 1) next |= _adj[BitOperations.TrailingZeroCount(b)];
            next &= set & ~reach;
            reach |= next;
            frontier = next;
        }
        return reach;
    }

    private bool Connected(ulong set) => set != 0 && Reach(set) == set;

    private ConsortiumSums SumsOf(ulong set)
    {
        var s = default(ConsortiumSums);
        for (ulong b = set; b != 0; b &= b - 1) s.Add(_unit[BitOperations.TrailingZeroCount(b)]);
        return s;
    }

    /// <summary>Within the population range searched, and locks kept whole and apart (other rules count as violation).</summary>
    private bool Fits(in ConsortiumSums s) => s.P >= _min && s.P <= _max && s.LockHash == 0 && s.Locks <= 1;

    /// <summary>
    /// The most the disruption terms of consortia cut from <paramref name="set"/> can lower the objective together:
    /// weight × <see cref="GroupSquares"/> of the set / total patients, since the parts' squares sum to no more than the
    /// set's. 0 without a (positive) disruption weight.
    /// </summary>
    private double Rebate(ulong set) =>
        _m.GroupCount == 0 || !(_m.DisruptionWeight > 0) ? 0 : _m.DisruptionWeight * GroupSquares(set) / _m.TotalP;

    /// <summary>The consortium's objective: its terms plus its share of the disruption (− weight × <see cref="GroupSquares"/> / total patients).</summary>
    private double PartCost(in ConsortiumSums s, ulong set)
    {
        var m = _m;
        double o = ScoreTerms.Objective(s, m, _invK);
        if (m.GroupCount == 0 || m.DisruptionWeight == 0) return o;
        return o - m.DisruptionWeight * GroupSquares(set) / m.TotalP;
    }

    /// <summary>Σ over existing groups g of (patients of g in <paramref name="set"/>)² / patients of g.</summary>
    private double GroupSquares(ulong set)
    {
        var m = _m;
        int touched = 0;
        for (ulong b = set; b != 0; b &= b - 1)
        {
            int v = _members[BitOperations.TrailingZeroCount(b)];
            int g = m.Group[v];
            if (g < 0) continue;
            if (_groupSum[g] == 0) _groupTouched[touched++] = g;
            _groupSum[g] += m.P[v];
        }
        double sq = 0;
        for (int i = 0; i < touched; i++)
        {
            int g = _groupTouched[i];
            sq += _groupSum[g] * _groupSum[g] / m.GroupPatients[g];
            _groupSum[g] = 0;
        }
        return sq;
    }

    /// <summary>Writes the best cut into the plan: the group's labels in order; a new label k, or the last label k − 1
    /// renamed to the freed one, when the count changes.</summary>
    private void Apply(List<int> group, int parts)
    {
        var assign = _assign;
        int k = _k;
        var labels = new List<int>(group);
        labels.Sort();
        if (parts > labels.Count) labels.Add(k);
        for (int i = 0; i < parts; i++)
            for (ulong b = _bestCut[i]; b != 0; b &= b - 1)
                assign[_members[BitOperations.TrailingZeroCount(b)]] = labels[i];
        if (parts < group.Count)
        {
            int freed = labels[^1];
            if (freed != k - 1)
                for (int v = 0; v < assign.Length; v++) if (assign[v] == k - 1) assign[v] = freed;
        }
        _k = k + parts - group.Count;
        if (_k != k)
        {
            // The count (and with it every consortium's share of the spread) changed: every group is tried again.
            Array.Resize(ref _dirtyNow, _k);
            Array.Resize(ref _dirtyNext, _k);
            Array.Fill(_dirtyNow, true);
            Array.Fill(_dirtyNext, true);
        }
        else foreach (int c in labels) MarkChanged(c);
    }
}
