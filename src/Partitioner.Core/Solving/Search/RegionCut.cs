using System.Numerics;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Exact cutting of one region of at most 64 practices (a group of neighbouring consortia) into a given number of
/// contiguous consortia, best by (rules broken, objective), for <see cref="NeighbourRecut"/>. Branch and bound: the
/// consortium holding the practice with the fewest neighbours left is grown as a connected set by the ESU scheme (each
/// set once), within the population window that leaves the others cuttable; then the rest, recursively; the last
/// consortium must be contiguous. A branch is cut off when its population excess, or its inertia (which never falls when
/// a practice joins) plus the cost so far minus the most the disruption terms can still give back (<see cref="Rebate"/>),
/// cannot beat the best cut; spread is never negative. Practices are bits of a 64-bit mask.
/// </summary>
internal sealed class RegionCut
{
    /// <summary>Most practices in a region.</summary>
    public const int MaxRegion = 64;
    /// <summary>Enumeration steps allowed per search (a region that needs more keeps the best cut found by then).</summary>
    public const int NodeCap = 200_000;

    private readonly SearchData _m;
    // Region: members (local index → practice), adjacency masks, per-practice sums; local index of each practice (−1 outside).
    private readonly int[] _members = new int[MaxRegion];
    private readonly ulong[] _adj = new ulong[MaxRegion];
    private readonly ConsortiumSums[] _unit = new ConsortiumSums[MaxRegion];
    private readonly int[] _local;
    private int _size;
    // Best cut found so far (masks per consortium) and the one being built.
    private readonly ulong[] _cut = new ulong[NeighbourRecut.MaxGroup + 1], _bestCut = new ulong[NeighbourRecut.MaxGroup + 1];
    private double _best, _bestViol;
    private bool _found;
    private long _nodes, _cap;
    private double _min, _max, _invK;
    private readonly double[] _groupSum;
    private readonly int[] _groupTouched;

    public RegionCut(SearchData m)
    {
        _m = m;
        _local = new int[m.N];
        Array.Fill(_local, -1);
        _groupSum = new double[Math.Max(1, m.GroupCount)];
        _groupTouched = new int[Math.Max(1, m.GroupCount)];
    }

    /// <summary>Every practice of the loaded region.</summary>
    public ulong All => _size == 64 ? ulong.MaxValue : (1UL << _size) - 1;

    /// <summary>Loads the practices of the consortia <paramref name="group"/> (members in <paramref name="membersOf"/>) as the region.</summary>
    public void Load(List<int> group, List<int>[] membersOf)
    {
        var m = _m;
        int r = 0;
        foreach (int c in group)
            foreach (int v in membersOf[c]) { _local[v] = r; _members[r] = v; _unit[r] = m.Unit[v]; r++; }
        _size = r;
        for (int i = 0; i < r; i++)
        {
            int v = _members[i];
            ulong adj = 0;
            for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++) { int w = _local[m.Targets[e]]; if (w >= 0) adj |= 1UL << w; }
            _adj[i] = adj;
        }
    }

    /// <summary>Forgets the loaded region.</summary>
    public void Unload()
    {
        for (int i = 0; i < _size; i++) _local[_members[i]] = -1;
        _size = 0;
    }

    /// <summary>The practices <paramref name="practices"/> of the loaded region as a mask.</summary>
    public ulong MaskOf(List<int> practices)
    {
        ulong mask = 0;
        foreach (int v in practices) mask |= 1UL << _local[v];
        return mask;
    }

    /// <summary>
    /// The boundary term of the borders inside the region between the <paramref name="parts"/> consortia given as masks
    /// (borders with practices outside the region are the same for every cut of it and are left out).
    /// </summary>
    public double Border(int parts, ulong[] masks)
    {
        var cost = _m.BorderCost;
        if (cost is null) return 0;
        var m = _m;
        double border = 0;
        for (int p = 0; p < parts; p++)
            for (ulong b = masks[p]; b != 0; b &= b - 1)
            {
                int i = BitOperations.TrailingZeroCount(b), v = _members[i];
                for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
                {
                    int j = _local[m.Targets[e]];
                    if (j > i && (masks[p] & (1UL << j)) == 0) border += cost[e];
                }
            }
        return border;
    }

    /// <summary>The members of consortium <paramref name="i"/> of the last best cut, as a mask over the region.</summary>
    public ulong BestCut(int i) => _bestCut[i];

    /// <summary>The practice at local index <paramref name="i"/> of the region.</summary>
    public int Member(int i) => _members[i];

    // Violations below this count as equal (floating noise in the sums).
    private const double ViolationTolerance = Score.Rounding;

    /// <summary>Whether (v1, o1) is better than (v2, o2) by the one ordering of plans (<see cref="Score"/>).</summary>
    private static bool Less(double v1, double o1, double v2, double o2) => new Score(v1, o1).IsBetterThan(new Score(v2, o2));

    /// <summary>
    /// Best cut of the loaded region into <paramref name="parts"/> consortia of <paramref name="min"/>..<paramref name="max"/>
    /// patients (each share of the spread <paramref name="invK"/>) better than (<paramref name="violation"/>,
    /// <paramref name="objective"/>); true when one was found (<see cref="BestCut"/>). Takes at most
    /// <see cref="NodeCap"/> enumeration steps and at most what is left of <paramref name="budget"/>, which it reduces;
    /// when the cap is reached, the best cut found so far stands.
    /// </summary>
    public bool Search(int parts, double violation, double objective, double min, double max, double invK, ref long budget)
    {
        _min = min;
        _max = max;
        _invK = invK;
        _bestViol = violation;
        _best = objective;
        _found = false;
        _nodes = 0;
        _cap = Math.Max(0, Math.Min(NodeCap, budget));
        Split(All, parts, 0, 0, 0);
        budget -= Math.Min(_nodes, _cap);
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
            double v = viol + ScoreTerms.Violation(s, _m), total = cost + PartCost(s, rest, _invK);
            _cut[depth] = rest;
            // The boundary term is never negative, so the bounds above hold without it; a finished cut adds its borders.
            if (_m.BorderCost is not null) total += Border(depth + 1, _cut);
            if (!Less(v, total, _bestViol, _best)) return;
            _bestViol = v;
            _best = total;
            _found = true;
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
        double c = cost + PartCost(s, set, _invK);
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

    /// <summary>The objective of a consortium of the region (members <paramref name="set"/>, sums <paramref name="s"/>, share
    /// of the spread <paramref name="invK"/>): its terms plus its share of the disruption (− weight × <see cref="GroupSquares"/> / total patients).</summary>
    public double PartCost(in ConsortiumSums s, ulong set, double invK)
    {
        var m = _m;
        double o = ScoreTerms.Objective(s, m, invK);
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
}
