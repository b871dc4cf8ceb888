using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The first plan for "most" (max-p): on a random depth-first tree of each connected area, cuts off every subtree as
/// soon as it holds the minimum, leaves upwards. On a tree this greedy gives the most parts of at least the minimum,
/// and a depth-first tree that runs along paths (Warnsdorff's rule) leaves each part little above the minimum; the
/// part left at the root, if below the minimum, joins its smallest neighbouring part. Several trees are drawn and the
/// one giving the most consortia (then the first) is kept. Far faster than carving counts near the most the patients
/// allow, which random cuts rarely reach. Gives up (the caller carves as usual) when the plan would break the maximum,
/// hold a lock, or fall outside the count range.
/// </summary>
internal sealed class FloorCarver
{
    /// <summary>Trees drawn per area.</summary>
    private const int Trees = 32;
    private readonly SearchData _m;
    private readonly double[] _acc;
    private readonly bool[] _cut;
    private readonly int[] _label, _best, _members, _local, _order, _parent, _stack;

    public FloorCarver(SearchData m)
    {
        _m = m;
        _acc = new double[m.N];
        _cut = new bool[m.N];
        _label = new int[m.N];
        _best = new int[m.N];
        _members = new int[m.N];
        _local = new int[m.N];
        _order = new int[m.N];
        _parent = new int[m.N];
        _stack = new int[m.N];
        Array.Fill(_local, -1);
    }

    /// <summary>Carves a plan into <paramref name="assign"/>; its count, or −1 when this construction does not apply.</summary>
    public int Carve(int[] assign, ref Xoshiro256 rng)
    {
        var m = _m;
        if (m.LockCount > 0) return -1;
        int total = 0;
        for (int area = 0; area < m.ComponentCount; area++)
        {
            int n = 0;
            for (int v = 0; v < m.N; v++) if (m.Component[v] == area) _members[n++] = v;
            int best = -1;
            for (int t = 0; t < Trees; t++)
            {
                int k = CarveArea(n, total, ref rng);
                if (k <= best) continue;
                best = k;
                for (int i = 0; i < n; i++) _best[_members[i]] = _label[_members[i]];
            }
            if (best < m.CompKMin[area] || best > m.CompKMax[area]) return -1;
            for (int i = 0; i < n; i++) assign[_members[i]] = _best[_members[i]];
            total += best;
        }
        return total >= m.Counts.KMin && total <= m.Counts.KMax ? total : -1;
    }

    /// <summary>One random depth-first tree of the area's <paramref name="n"/> practices (in <see cref="_members"/>);
    /// labels from <paramref name="first"/> into <see cref="_label"/>; the number of parts, or −1 when a part breaks the
    /// bounds. Depth-first trees are long and thin, so the parts cut from them hold little more than the minimum.</summary>
    private int CarveArea(int n, int first, ref Xoshiro256 rng)
    {
        var m = _m;
        for (int i = 0; i < n; i++) _local[_members[i]] = i;
        int count = DepthFirst(n, ref rng);
        for (int i = 0; i < n; i++) _local[_members[i]] = -1;
        if (count != n) return -1;
        double min = RuleCheck.Lowest(m.RuleMin), max = RuleCheck.Highest(m.RuleMax);
        // Leaves upwards (reverse preorder): a subtree holding the minimum is cut off as a part.
        for (int j = n - 1; j >= 0; j--)
        {
            int x = _order[j];
            _acc[x] += m.P[_members[x]];
            _cut[x] = _acc[x] >= min;
            if (!_cut[x] && _parent[x] >= 0) _acc[_parent[x]] += _acc[x];
        }
        // Parts top-down: a practice belongs to the part of its nearest cut ancestor (itself included); the root's
        // remainder, if below the minimum, is label −1 for now.
        int parts = 0;
        var size = new List<double>();
        for (int j = 0; j < n; j++)
        {
            int x = _order[j], p = _parent[x];
            int label = _cut[x] ? first + parts++ : p >= 0 ? _label[_members[p]] : -1;
            if (_cut[x]) size.Add(_acc[x]);
            _label[_members[x]] = label;
        }
        for (int j = 0; j < n; j++) _acc[j] = 0;
        foreach (double s in size) if (s > max) return -1;
        if (_label[_members[_order[0]]] >= 0) return parts;
        // The remainder joins the smallest part it touches.
        double rest = 0;
        int into = -1;
        for (int i = 0; i < n; i++)
        {
            int v = _members[i];
            if (_label[v] >= 0) continue;
            rest += m.P[v];
            for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
            {
                int l = _label[m.Targets[e]];
                if (l >= 0 && (into < 0 || size[l - first] < size[into - first])) into = l;
            }
        }
        if (into < 0 || size[into - first] + rest > max) return -1;
        for (int i = 0; i < n; i++) if (_label[_members[i]] < 0) _label[_members[i]] = into;
        return parts;
    }

    /// <summary>
    /// A random depth-first tree of the area (local indices): preorder in <see cref="_order"/>, parents in
    /// <see cref="_parent"/>. By Warnsdorff's rule it goes on to the unvisited neighbour with the fewest unvisited
    /// neighbours of its own (ties: the first from a random offset), so the tree runs along paths and branches little.
    /// Returns the practices reached.
    /// </summary>
    private int DepthFirst(int n, ref Xoshiro256 rng)
    {
        var m = _m;
        int[] off = m.Offsets, tgt = m.Targets;
        for (int i = 0; i < n; i++) _parent[i] = -2;
        int root = rng.NextInt(n), top = 0, count = 0;
        _parent[root] = -1;
        _order[count++] = root;
        _stack[top++] = root;
        while (top > 0)
        {
            int x = _stack[top - 1], v = _members[x], deg = off[v + 1] - off[v];
            int start = deg > 0 ? rng.NextInt(deg) : 0;
            int next = -1, fewest = int.MaxValue;
            for (int j = 0; j < deg; j++)
            {
                int w = _local[tgt[off[v] + (start + j) % deg]];
                if (w < 0 || _parent[w] != -2) continue;
                int u = _members[w], free = 0;
                for (int e = off[u]; e < off[u + 1]; e++) { int z = _local[tgt[e]]; if (z >= 0 && _parent[z] == -2) free++; }
                if (free < fewest) { fewest = free; next = w; }
            }
            if (next < 0) { top--; continue; }
            _parent[next] = x;
            _order[count++] = next;
            _stack[top++] = next;
        }
        return count;
    }
}
