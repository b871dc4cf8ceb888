using System.Diagnostics;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// Reversible ReCom: a Metropolis–Hastings chain over plans with a fixed number of consortia in which every consortium
/// meets every rule (<see cref="RuleCheck"/>) and is contiguous. Its stationary distribution is the spanning-tree-weighted
/// one, π(plan) ∝ Π τ(consortium), τ = the number of spanning trees of the consortium's practice graph (Cannon, Duchin,
/// Randall and Rule, "Spanning tree methods for sampling graph partitions", 2022).
/// <para>
/// One step from plan P: (1) a pair of adjacent consortia {A, B}, uniformly among P's |adj(P)| adjacent pairs; (2) a
/// uniform spanning tree T of R = A ∪ B (Wilson's algorithm); (3) each edge of T whose two sides meet the population
/// bounds is taken with probability 1 / M(R), where M(R) bounds the number of such edges in any spanning tree of R (see
/// <see cref="Bound"/>); if no edge is taken, or the sides of the one taken break another rule, the chain stays. The pairs
/// (T, e) giving sides A', B' are a spanning tree of A', one of B' and one of the L(A', B') edges between them, so the
/// proposal has probability τ(A')τ(B')L(A', B') / (|adj(P)| τ(R) M(R)); the reverse has the same form with A, B and the
/// same R. Accepting with probability min(1, |adj(P)| L(A, B) / (|adj(P')| L(A', B'))) makes the chain reversible with
/// respect to π. GerryChain's reversible_recom is the same chain with a global bound M and pairs drawn among all k²;
/// here M(R) is computed per region from its practices' sizes (so it is never exceeded) and no step is spent on a pair
/// that does not touch.
/// </para>
/// The state is flat arrays (assignment, member lists, consortium-to-consortium edge counts, the list of adjacent pairs);
/// a step allocates nothing. Owned by one thread.
/// </summary>
internal sealed class ReversibleRecomChain
{
    private readonly SearchData _m;
    private readonly int _n, _k;
    private readonly int[] _assign, _first, _link;
    private readonly ConsortiumSums[] _sums;
    // Edges between consortia a and b at [a × k + b] (both orders); adjacent pairs (a < b, as a × k + b) in a dense list.
    private readonly int[] _between, _pairs, _pairPos;
    private int _pairCount;
    // Region scratch (local indices), the tree, and the tree edges whose sides meet the population bounds.
    private readonly int[] _verts, _localOf, _tag, _subtree, _cuts;
    private readonly double[] _weight, _below, _sorted;
    private readonly byte[] _side;
    private int _stamp;
    private readonly UniformSpanningTree _tree;
    // M(R) per pair, valid while neither consortium has changed since (versions count accepted moves).
    private readonly long[] _bound, _boundKey, _version;
    // Per-neighbour change of the edge counts of the two re-cut consortia.
    private readonly int[] _deltaA, _deltaB, _touched, _touchMark;
    private int _touchStamp;
    // The population bounds as the rule check applies them, and a margin far below a patient that keeps the bound M(R)
    // an upper bound whatever the rounding of the sums.
    private readonly double _lowest, _highest;
    private const double Slack = 1e-6;

    public ReversibleRecomChain(SearchData m, int[] assign, int k)
    {
        _m = m;
        _n = m.N;
        _k = k;
        _assign = new int[_n];
        _first = new int[k];
        _link = new int[_n];
        _sums = new ConsortiumSums[k];
        _between = new int[k * k];
        _pairs = new int[k * k];
        _pairPos = new int[k * k];
        _verts = new int[_n];
        _localOf = new int[_n];
        _tag = new int[_n];
        _subtree = new int[_n];
        _cuts = new int[_n];
        _weight = new double[_n];
        _below = new double[_n];
        _sorted = new double[_n];
        _side = new byte[_n];
        _tree = new UniformSpanningTree(m.Offsets, m.Targets, _n);
        _bound = new long[k * k];
        _boundKey = new long[k * k];
        _version = new long[k];
        _deltaA = new int[k];
        _deltaB = new int[k];
        _touched = new int[k];
        _touchMark = new int[k];
        _lowest = RuleCheck.Lowest(m.Check.MinPatients);
        _highest = RuleCheck.Highest(m.Check.MaxPatients);
        Load(assign);
    }

    /// <summary>Consortium (0..K−1) of each practice. Read-only outside the chain.</summary>
    public int[] Assign => _assign;

    /// <summary>Number of consortia.</summary>
    public int K => _k;

    /// <summary>Steps taken, steps that proposed a plan meeting every rule (proposals), and proposals accepted.</summary>
    public long Steps { get; private set; }
    public long Proposals { get; private set; }
    public long Accepted { get; private set; }

    /// <summary>Random-walk steps of the spanning-tree draws so far.</summary>
    public long WalkSteps => _tree.WalkSteps;

    /// <summary>Pairs of consortia that share at least one edge.</summary>
    public int AdjacentPairs => _pairCount;

    private void Load(int[] assign)
    {
        var m = _m;
        Array.Copy(assign, _assign, _n);
        Array.Fill(_first, -1);
        for (int v = _n - 1; v >= 0; v--)
        {
            int c = _assign[v];
            if ((uint)c >= (uint)_k) throw new ArgumentException($"Practice {v} is in consortium {c}, outside 0..{_k - 1}.", nameof(assign));
            _link[v] = _first[c];
            _first[c] = v;
            _sums[c].Add(m, v);
        }
        Array.Fill(_pairPos, -1);
        int[] off = m.Offsets, tgt = m.Targets;
        for (int v = 0; v < _n; v++)
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int a = _assign[v], b = _assign[tgt[e]];
                if (a != b) _between[a * _k + b]++;
            }
        for (int a = 0; a < _k; a++)
            for (int b = a + 1; b < _k; b++)
                if (_between[a * _k + b] > 0) AddPair(a, b);
    }

    /// <summary>Whether every consortium meets every rule on its totals (contiguity is the caller's).</summary>
    public bool MeetsRules()
    {
        for (int c = 0; c < _k; c++)
            if (_sums[c].Count == 0 || ScoreTerms.Violation(_sums[c], _m) > 0) return false;
        return true;
    }

    /// <summary>One step of the chain; returns true when it moved to a proposed plan.</summary>
    public bool Step(ref Xoshiro256 rng)
    {
        var m = _m;
        int k = _k;
        Steps++;
        if (_pairCount == 0) return false;
        int pair = _pairs[rng.NextInt(_pairCount)];
        int a = pair / k, b = pair - a * k;
        int r = GatherRegion(a, b, out double pairPatients);
        int top = DrawCut(pair, a, b, r, pairPatients, ref rng);
        if (top < 0) return false;

        // The side below the cut goes to b, the rest to a; both sides' sums are counted afresh, so the rule check sees
        // exactly what a full recount would and the running sums never drift.
        int size = _tree.Subtree(top, _subtree);
        Array.Clear(_side, 0, r);
        ConsortiumSums side = default, rest = default;
        for (int i = 0; i < size; i++) { _side[_subtree[i]] = 1; side.Add(m, _verts[_subtree[i]]); }
        if (ScoreTerms.Violation(side, m) > 0) return false;
        for (int l = 0; l < r; l++) if (_side[l] == 0) rest.Add(m, _verts[l]);
        if (ScoreTerms.Violation(rest, m) > 0) return false;
        Proposals++;

        int touched = SeamChanges(a, b, r, out int seamAfter, out int pairsAfter);
        int seamBefore = _between[a * k + b];
        double ratio = (double)_pairCount * seamBefore / ((double)pairsAfter * seamAfter);
        if (ratio < 1 && rng.NextDouble() >= ratio) return false;

        Accepted++;
        _version[a] = Accepted;
        _version[b] = Accepted;
        for (int i = 0; i < touched; i++)
        {
            int x = _touched[i];
            SetBetween(a, x, _between[a * k + x] + _deltaA[x]);
            SetBetween(b, x, _between[b * k + x] + _deltaB[x]);
        }
        SetBetween(a, b, seamAfter);
        _first[a] = -1;
        _first[b] = -1;
        for (int l = r - 1; l >= 0; l--)
        {
            int v = _verts[l];
            int c = _side[l] == 1 ? b : a;
            _assign[v] = c;
            _link[v] = _first[c];
            _first[c] = v;
        }
        _sums[a] = rest;
        _sums[b] = side;
        return true;
    }

    /// <summary>Lists the pair's practices as local indices 0..r−1 (tagged with a fresh stamp), the practice nearest their
    /// centre first: Wilson's algorithm gives a uniform tree from any root, and a central one shortens its walks (about
    /// 35% fewer steps than an arbitrary member on real England).</summary>
    private int GatherRegion(int a, int b, out double patients)
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_tag);
            _stamp = 1;
        }
        int stamp = _stamp, r = 0;
        for (int v = _first[a]; v >= 0; v = _link[v]) { _verts[r] = v; _tag[v] = stamp; r++; }
        for (int v = _first[b]; v >= 0; v = _link[v]) { _verts[r] = v; _tag[v] = stamp; r++; }
        double[] x = _m.Problem.X, y = _m.Problem.Y, p = _m.P;
        double sx = 0, sy = 0;
        for (int l = 0; l < r; l++) { sx += x[_verts[l]]; sy += y[_verts[l]]; }
        sx /= r;
        sy /= r;
        int centre = 0;
        double nearest = double.MaxValue;
        for (int l = 0; l < r; l++)
        {
            double dx = x[_verts[l]] - sx, dy = y[_verts[l]] - sy, d = dx * dx + dy * dy;
            if (d < nearest) { nearest = d; centre = l; }
        }
        (_verts[0], _verts[centre]) = (_verts[centre], _verts[0]);
        patients = 0;
        for (int l = 0; l < r; l++)
        {
            int v = _verts[l];
            _localOf[v] = l;
            _weight[l] = p[v];
            patients += p[v];
        }
        return r;
    }

    /// <summary>
    /// Draws a uniform spanning tree of the region and picks each of its edges whose sides meet the population bounds
    /// with probability 1 / M(R): returns the local vertex below the picked edge, or −1 when none is picked.
    /// </summary>
    private int DrawCut(int pair, int a, int b, int r, double patients, ref Xoshiro256 rng)
    {
        double low = Math.Max(_lowest, patients - _highest) - Slack, high = Math.Min(_highest, patients - _lowest) + Slack;
        _tree.Draw(_verts, r, _tag, _stamp, _localOf, ref rng);
        Array.Copy(_weight, _below, r);
        int[] parent = _tree.Parent, order = _tree.Order;
        for (int i = r - 1; i > 0; i--) { int x = order[i]; _below[parent[x]] += _below[x]; }
        int cuts = 0;
        for (int l = 1; l < r; l++)
            if (_below[l] >= low && _below[l] <= high) _cuts[cuts++] = l;
        if (cuts == 0) return -1;
        long key = (_version[a] << 32) ^ _version[b];
        if (_bound[pair] == 0 || _boundKey[pair] != key)
        {
            _bound[pair] = Bound(r, patients, low, high);
            _boundKey[pair] = key;
        }
        long bound = _bound[pair];
        Debug.Assert(cuts <= bound, "M(R) must bound the balanced cuts of every tree of R.");
        long pick = (long)(rng.NextDouble() * Math.Max(bound, cuts));
        return pick < cuts ? _cuts[pick] : -1;
    }

    /// <summary>M(R) for the region's practices (their list sizes in <c>_weight</c>): see <see cref="CutBound"/>.</summary>
    private long Bound(int r, double total, double low, double high)
    {
        Array.Copy(_weight, _sorted, r);
        Array.Sort(_sorted, 0, r);
        return CutBound(_sorted, r, total, low, high);
    }

    /// <summary>
    /// M(R): at most this many edges of any spanning tree of a region of <paramref name="r"/> practices weighing
    /// <paramref name="total"/> in all (list sizes ascending in <paramref name="sorted"/>) leave both sides between
    /// <paramref name="low"/> and <paramref name="high"/>. Whether an edge does is the same from any root, so root the
    /// tree at the heaviest practice: each such edge cuts off the subtree below it, weighing between low and high, and any
    /// two of these subtrees are disjoint or nested (a laminar family). Say d of them are minimal: they are pairwise
    /// disjoint and weigh at least d · low together. Every other one contains a minimal one, so its top practice lies
    /// outside all the minimal ones (a subtree with its top inside a minimal subtree would lie inside it) and is not the
    /// root; distinct subtrees have distinct tops. Those tops therefore weigh at most total − d · low − (the root's list
    /// size), and also at most d · (high − low): the largest subtrees are at most d disjoint ones, each within high,
    /// holding the other tops and at least one minimal subtree each. So there are at most d + (the most practices other
    /// than the root whose list sizes add up to that much) such edges, whatever the tree; M(R) is the largest of these over
    /// d, and never more than r − 1. It depends on the region only, so it is the same for a move and its reverse.
    /// </summary>
    internal static long CutBound(double[] sorted, int r, double total, double low, double high)
    {
        if (r < 2) return 1;
        double root = sorted[r - 1], rest = total - root;
        long minimal = low > 0 ? Math.Min(r - 1, (long)Math.Floor(rest / low)) : r - 1;
        long best = 1;
        for (long d = 1; d <= minimal; d++)
        {
            double budget = Math.Min(rest - d * low, d * (high - low)), run = 0;
            int tops = 0;
            while (tops < r - 1 && run + sorted[tops] <= budget) run += sorted[tops++];
            best = Math.Max(best, d + tops);
        }
        return Math.Min(r - 1, best);
    }

    /// <summary>The edge counts after the move between a, b and each consortium next to the region (into the delta
    /// arrays; returns how many were touched), the seam between the new a and b, and the adjacent pairs after it.</summary>
    private int SeamChanges(int a, int b, int r, out int seamAfter, out int pairsAfter)
    {
        var m = _m;
        int k = _k;
        if (++_touchStamp == int.MaxValue) { Array.Clear(_touchMark); _touchStamp = 1; }
        int touched = 0, stamp = _stamp;
        seamAfter = 0;
        int[] off = m.Offsets, tgt = m.Targets;
        for (int l = 0; l < r; l++)
        {
            int v = _verts[l];
            int now = _assign[v], after = _side[l] == 1 ? b : a;
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int w = tgt[e];
                if (_tag[w] == stamp)
                {
                    if (w > v && _side[_localOf[w]] != _side[l]) seamAfter++;
                    continue;
                }
                int x = _assign[w];
                if (_touchMark[x] != _touchStamp) { _touchMark[x] = _touchStamp; _touched[touched++] = x; _deltaA[x] = 0; _deltaB[x] = 0; }
                if (now == a) _deltaA[x]--; else _deltaB[x]--;
                if (after == a) _deltaA[x]++; else _deltaB[x]++;
            }
        }
        pairsAfter = _pairCount;
        for (int i = 0; i < touched; i++)
        {
            int x = _touched[i];
            int ax = _between[a * k + x], bx = _between[b * k + x];
            pairsAfter += (ax + _deltaA[x] > 0 ? 1 : 0) - (ax > 0 ? 1 : 0) + (bx + _deltaB[x] > 0 ? 1 : 0) - (bx > 0 ? 1 : 0);
        }
        return touched;
    }

    private void SetBetween(int a, int b, int count)
    {
        int k = _k;
        bool was = _between[a * k + b] > 0;
        _between[a * k + b] = count;
        _between[b * k + a] = count;
        if (was == count > 0) return;
        if (count > 0) AddPair(Math.Min(a, b), Math.Max(a, b));
        else RemovePair(Math.Min(a, b), Math.Max(a, b));
    }

    private void AddPair(int a, int b)
    {
        int key = a * _k + b;
        _pairPos[key] = _pairCount;
        _pairs[_pairCount++] = key;
    }

    private void RemovePair(int a, int b)
    {
        int key = a * _k + b;
        int pos = _pairPos[key];
        int last = _pairs[--_pairCount];
        _pairs[pos] = last;
        _pairPos[last] = pos;
        _pairPos[key] = -1;
    }
}
