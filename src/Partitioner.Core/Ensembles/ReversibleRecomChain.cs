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
/// <see cref="CutBound"/>); if no edge is taken, or the sides of the one taken break another rule, the chain stays. The pairs
/// (T, e) giving sides A', B' are a spanning tree of A', one of B' and one of the L(A', B') edges between them, so the
/// proposal has probability τ(A')τ(B')L(A', B') / (|adj(P)| τ(R) M(R)); the reverse has the same form with A, B and the
/// same R. Accepting with probability min(1, |adj(P)| L(A, B) / (|adj(P')| L(A', B'))) makes the chain reversible with
/// respect to π. GerryChain's reversible_recom is the same chain with a global bound M and pairs drawn among all k²;
/// here M(R) is computed per region from its practices' sizes (so it is never exceeded) and no step is spent on a pair
/// that does not touch.
/// </para>
/// The state is flat arrays (assignment, member lists, consortium-to-consortium edge counts, the list of adjacent pairs);
/// a step allocates only when a pair first meets or a region outgrows its kept arrays (<see cref="PairRegion"/>). Owned by one thread.
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
    private readonly int[] _localOf, _tag, _subtree, _cuts;
    private readonly double[] _below, _sorted;
    private readonly byte[] _side;
    private int _stamp;
    private readonly UniformSpanningTree _tree;
    // Each pair's region, valid while neither consortium has changed since (versions count accepted moves).
    private readonly PairRegion?[] _regions;
    private readonly long[] _version;
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
        _localOf = new int[_n];
        _tag = new int[_n];
        _subtree = new int[_n];
        _cuts = new int[_n];
        _below = new double[_n];
        _sorted = new double[_n];
        _side = new byte[_n];
        _tree = new UniformSpanningTree(m.Offsets, m.Targets, _n);
        _regions = new PairRegion?[k * k];
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
        var region = Region(pair, a, b);
        int r = region.Count;
        int[] verts = region.Verts;
        int top = DrawCut(region, ref rng);
        if (top < 0) return false;

        // The side below the cut goes to b, the rest to a; both sides' sums are counted afresh, so the rule check sees
        // exactly what a full recount would and the running sums never drift.
        int size = _tree.Subtree(top, _subtree);
        Array.Clear(_side, 0, r);
        ConsortiumSums side = default, rest = default;
        for (int i = 0; i < size; i++) { _side[_subtree[i]] = 1; side.Add(m, verts[_subtree[i]]); }
        if (ScoreTerms.Violation(side, m) > 0) return false;
        for (int l = 0; l < r; l++) if (_side[l] == 0) rest.Add(m, verts[l]);
        if (ScoreTerms.Violation(rest, m) > 0) return false;
        Proposals++;

        Tag(region);
        int touched = SeamChanges(a, b, region, out int seamAfter, out int pairsAfter);
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
            int v = verts[l];
            int c = _side[l] == 1 ? b : a;
            _assign[v] = c;
            _link[v] = _first[c];
            _first[c] = v;
        }
        _sums[a] = rest;
        _sums[b] = side;
        return true;
    }

    /// <summary>The pair's region, rebuilt when either consortium has changed since it was last built.</summary>
    private PairRegion Region(int pair, int a, int b)
    {
        var region = _regions[pair] ??= new PairRegion();
        long key = (_version[a] << 32) ^ _version[b];
        if (region.Filled && region.Key == key) return region;
        Gather(region, a, b);
        region.Key = key;
        region.Filled = true;
        region.Bound = 0;
        return region;
    }

    /// <summary>Lists the pair's practices as local indices 0..r−1, the practice nearest their centre first (Wilson's
    /// algorithm gives a uniform tree from any root, and a central one shortens its walks: about 35% fewer steps than an
    /// arbitrary member on real England), with their list sizes and the region's own adjacency.</summary>
    private void Gather(PairRegion region, int a, int b)
    {
        int[] off = _m.Offsets;
        int r = 0, degrees = 0;
        for (int v = _first[a]; v >= 0; v = _link[v]) { r++; degrees += off[v + 1] - off[v]; }
        for (int v = _first[b]; v >= 0; v = _link[v]) { r++; degrees += off[v + 1] - off[v]; }
        region.Reserve(r, degrees);
        int[] verts = region.Verts;
        r = 0;
        for (int v = _first[a]; v >= 0; v = _link[v]) verts[r++] = v;
        for (int v = _first[b]; v >= 0; v = _link[v]) verts[r++] = v;
        double[] x = _m.Problem.X, y = _m.Problem.Y, p = _m.P;
        double sx = 0, sy = 0;
        for (int l = 0; l < r; l++) { sx += x[verts[l]]; sy += y[verts[l]]; }
        sx /= r;
        sy /= r;
        int centre = 0;
        double nearest = double.MaxValue;
        for (int l = 0; l < r; l++)
        {
            double dx = x[verts[l]] - sx, dy = y[verts[l]] - sy, d = dx * dx + dy * dy;
            if (d < nearest) { nearest = d; centre = l; }
        }
        (verts[0], verts[centre]) = (verts[centre], verts[0]);
        double patients = 0;
        for (int l = 0; l < r; l++)
        {
            region.Weight[l] = p[verts[l]];
            patients += p[verts[l]];
        }
        region.Count = r;
        region.Patients = patients;
        Tag(region);
        UniformSpanningTree.Adjacency(off, _m.Targets, verts, r, _tag, _stamp, _localOf, region.AdjacencyStart, region.Adjacency);
    }

    /// <summary>Marks the region's practices with a fresh stamp and their local indices (for its adjacency and for
    /// counting the seams of a proposed move).</summary>
    private void Tag(PairRegion region)
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_tag);
            _stamp = 1;
        }
        int stamp = _stamp;
        int[] verts = region.Verts;
        for (int l = 0; l < region.Count; l++)
        {
            _tag[verts[l]] = stamp;
            _localOf[verts[l]] = l;
        }
    }

    /// <summary>
    /// Draws a uniform spanning tree of the region and picks each of its edges whose sides meet the population bounds
    /// with probability 1 / M(R): returns the local vertex below the picked edge, or −1 when none is picked.
    /// </summary>
    private int DrawCut(PairRegion region, ref Xoshiro256 rng)
    {
        int r = region.Count;
        double patients = region.Patients;
        double low = Math.Max(_lowest, patients - _highest) - Slack, high = Math.Min(_highest, patients - _lowest) + Slack;
        _tree.Draw(region.AdjacencyStart, region.Adjacency, r, ref rng);
        Array.Copy(region.Weight, _below, r);
        int[] parent = _tree.Parent, order = _tree.Order;
        for (int i = r - 1; i > 0; i--) { int x = order[i]; _below[parent[x]] += _below[x]; }
        int cuts = 0;
        for (int l = 1; l < r; l++)
            if (_below[l] >= low && _below[l] <= high) _cuts[cuts++] = l;
        if (cuts == 0) return -1;
        if (region.Bound == 0)
        {
            Array.Copy(region.Weight, _sorted, r);
            Array.Sort(_sorted, 0, r);
            region.Bound = CutBound.Of(_sorted, r, patients, low, high);
        }
        long bound = region.Bound;
        Debug.Assert(cuts <= bound, "M(R) must bound the balanced cuts of every tree of R.");
        long pick = (long)(rng.NextDouble() * Math.Max(bound, cuts));
        return pick < cuts ? _cuts[pick] : -1;
    }

    /// <summary>The edge counts after the move between a, b and each consortium next to the region (into the delta
    /// arrays; returns how many were touched), the seam between the new a and b, and the adjacent pairs after it.</summary>
    private int SeamChanges(int a, int b, PairRegion region, out int seamAfter, out int pairsAfter)
    {
        int r = region.Count;
        int[] verts = region.Verts;
        var m = _m;
        int k = _k;
        if (++_touchStamp == int.MaxValue) { Array.Clear(_touchMark); _touchStamp = 1; }
        int touched = 0, stamp = _stamp;
        seamAfter = 0;
        int[] off = m.Offsets, tgt = m.Targets;
        for (int l = 0; l < r; l++)
        {
            int v = verts[l];
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
