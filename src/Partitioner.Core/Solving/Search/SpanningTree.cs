namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Random spanning trees of a connected region (random-weight Kruskal), rooted, with every vertex's subtree sums. Scratch arrays are sized once per restart; drawing allocates nothing.
/// A region is the set of practices whose <see cref="RegionTag"/> equals the tag passed in.
/// </summary>
internal sealed class SpanningTree
{
    private readonly SearchData _m;
    private readonly int[] _childStart, _childList, _cursor, _uf, _treeA, _treeB, _edgeA, _edgeB, _edgeOrder;
    private readonly ulong[] _edgeKey;

    /// <summary>Region membership marks per practice, set by the caller.</summary>
    public readonly int[] RegionTag;
    /// <summary>Local index of each practice in the last tree (valid for its region only).</summary>
    public readonly int[] LocalOf;
    /// <summary>Practice of each local index.</summary>
    public readonly int[] Verts;
    /// <summary>Tree parent (local), -1 at the root.</summary>
    public readonly int[] Parent;
    /// <summary>Local indices in breadth-first order from the root (parents before children).</summary>
    public readonly int[] Order;
    /// <summary>Sums over each local vertex's subtree.</summary>
    public readonly ConsortiumSums[] Sub;
    /// <summary>1 when a local vertex lies in the subtree cut off by <see cref="MarkSubtree"/>.</summary>
    public readonly byte[] InSub;
    /// <summary>Vertices in the last tree.</summary>
    public int Count;
    /// <summary>Local index of the root.</summary>
    public int Root;

    public SpanningTree(SearchData m)
    {
        _m = m;
        int n = m.N;
        int edges = m.Targets.Length / 2 + 1;
        _childStart = new int[n + 1]; _childList = new int[2 * n]; _cursor = new int[n + 1];
        _uf = new int[n]; _treeA = new int[n]; _treeB = new int[n];
        _edgeA = new int[edges]; _edgeB = new int[edges]; _edgeOrder = new int[edges]; _edgeKey = new ulong[edges];
        RegionTag = new int[n]; LocalOf = new int[n]; Verts = new int[n]; Parent = new int[n]; Order = new int[n];
        Sub = new ConsortiumSums[n]; InSub = new byte[n];
    }

    /// <summary>
    /// Draws a random spanning tree of the region <c>vertices[start .. start+length)</c> (all tagged
    /// <paramref name="tag"/>, connected): Kruskal's algorithm over the region's edges with random weights, rooted at a
    /// random vertex. Not exactly uniform (Wilson's algorithm is), but its cost is O(E log E) whatever the region's
    /// shape, whereas random walks crawl along long thin regions. Returns false if the region is not connected.
    /// </summary>
    public bool Draw(int[] vertices, int start, int length, int tag, ref Xoshiro256 rng)
    {
        var m = _m;
        int[] off = m.Offsets, tgt = m.Targets;
        Count = length;
        for (int i = 0; i < length; i++) { int v = vertices[start + i]; Verts[i] = v; LocalOf[v] = i; _uf[i] = i; }
        int ec = 0;
        for (int i = 0; i < length; i++)
        {
            int v = Verts[i];
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int w = tgt[e];
                if (w <= v || RegionTag[w] != tag) continue;
                _edgeA[ec] = i; _edgeB[ec] = LocalOf[w]; _edgeKey[ec] = rng.NextUInt64(); _edgeOrder[ec] = ec;
                ec++;
            }
        }
        Array.Sort(_edgeKey, _edgeOrder, 0, ec);
        int t = 0;
        Array.Clear(_childStart, 0, length + 1);
        for (int k = 0; k < ec && t < length - 1; k++)
        {
            int id = _edgeOrder[k];
            int a = Find(_edgeA[id]), b = Find(_edgeB[id]);
            if (a == b) continue;
            _uf[a] = b;
            _treeA[t] = _edgeA[id]; _treeB[t] = _edgeB[id];
            _childStart[_edgeA[id] + 1]++; _childStart[_edgeB[id] + 1]++;
            t++;
        }
        if (t != length - 1) return false;

        // Tree adjacency in CSR form, then breadth-first order from a random root.
        for (int i = 0; i < length; i++) _childStart[i + 1] += _childStart[i];
        Array.Copy(_childStart, _cursor, length + 1);
        for (int k = 0; k < t; k++)
        {
            _childList[_cursor[_treeA[k]]++] = _treeB[k];
            _childList[_cursor[_treeB[k]]++] = _treeA[k];
        }
        Root = rng.NextInt(length);
        Parent[Root] = -1;
        int head = 0, tail = 0;
        Order[tail++] = Root;
        while (head < tail)
        {
            int x = Order[head++];
            for (int c = _childStart[x]; c < _childStart[x + 1]; c++)
            {
                int y = _childList[c];
                if (y == Parent[x]) continue;
                Parent[y] = x;
                Order[tail++] = y;
            }
        }

        for (int i = 0; i < length; i++) { Sub[i] = default; Sub[i].Add(m, Verts[i]); }
        for (int k = length - 1; k > 0; k--)
        {
            int x = Order[k];
            Sub[Parent[x]].Add(Sub[x]);
        }
        return true;
    }

    private int Find(int x)
    {
        while (_uf[x] != x)
        {
            _uf[x] = _uf[_uf[x]];
            x = _uf[x];
        }
        return x;
    }

    /// <summary>Sets <see cref="InSub"/> to 1 for the subtree below local vertex <paramref name="cut"/>, else 0.</summary>
    public void MarkSubtree(int cut)
    {
        for (int t = 0; t < Count; t++)
        {
            int x = Order[t];
            InSub[x] = x == cut ? (byte)1 : Parent[x] >= 0 ? InSub[Parent[x]] : (byte)0;
        }
    }
}
