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
/// Each group is cut exactly by <see cref="RegionCut"/> (branch and bound). Work is capped per group
/// (<see cref="NodeCap"/>) and per polish (a budget from the caller), and groups of consortia unchanged since they were
/// last tried are skipped, so the polish is bounded and deterministic.
/// </para>
/// </summary>
internal sealed class NeighbourRecut
{
    /// <summary>Largest group of consortia re-cut at once.</summary>
    public const int MaxGroup = 8;
    /// <summary>Enumeration steps allowed per group (a group that needs more is left as it is).</summary>
    public const int NodeCap = RegionCut.NodeCap;
    private const int MaxRegion = RegionCut.MaxRegion;
    // A re-cut must lower the group's objective by more than this share of it, so re-cutting cannot cycle on rounding.
    private const double MinGain = 1e-9;

    private readonly SearchData _m;
    private readonly RegionCut _region;
    private readonly ulong[] _masks = new ulong[MaxGroup + 1];
    private long _budget;

    public NeighbourRecut(SearchData m)
    {
        _m = m;
        _region = new RegionCut(m);
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
        var region = _region;
        region.Load(group, _membersOf);
        try
        {
            // Consortia may be as small or as large as the area allows, or as the group's own are (a group under repair).
            double min = RuleCheck.Lowest(Math.Min(m.CompMin[a], lo));
            double max = RuleCheck.Highest(Math.Max(m.CompMax[a], hi));
            var pref = m.Problem.Rules.CountPreference;
            int k = _k;
            // A count nearer the preference first, for a group that meets every rule: any cut meeting every rule wins.
            int alt = !allValid ? 0 : pref switch
            {
                CountPreference.Fewest when _perArea[a] > m.CompKMin[a] && k > m.Counts.KMin => j - 1,
                CountPreference.Most when _perArea[a] < m.CompKMax[a] && k < m.Counts.KMax => j + 1,
                _ => 0,
            };
            if (alt > 0 && alt <= MaxGroup + 1 && region.Search(alt, 0, double.PositiveInfinity, min, max, 1.0 / (k + alt - j), ref _budget))
            {
                Apply(group, alt);
                return true;
            }
            double viol = 0, obj = 0, invK = 1.0 / k;
            for (int i = 0; i < j; i++)
            {
                int c = group[i];
                _masks[i] = region.MaskOf(_membersOf[c]);
                viol += ScoreTerms.Violation(_sums[c], m);
                obj += region.PartCost(_sums[c], _masks[i], invK);
            }
            obj += region.Border(j, _masks);
            // Better means less violation, or as little and a lower objective (by more than rounding).
            if (!region.Search(j, viol, obj - MinGain * Math.Max(Math.Abs(obj), 1e-300), min, max, invK, ref _budget)) return false;
            Apply(group, j);
            return true;
        }
        finally
        {
            region.Unload();
        }
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
            for (ulong b = _region.BestCut(i); b != 0; b &= b - 1)
                assign[_region.Member(BitOperations.TrailingZeroCount(b))] = labels[i];
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
