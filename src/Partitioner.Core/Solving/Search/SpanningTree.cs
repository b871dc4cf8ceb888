using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Random spanning trees of a connected region (random-weight Kruskal), rooted, with every vertex's subtree sums. Scratch arrays are sized once per restart; drawing allocates nothing.
/// A region is the set of practices whose <see cref="RegionTag"/> equals the tag passed in.
/// </summary>
internal sealed class SpanningTree
{
    private readonly SearchData _m;
    private readonly int[] _childStart, _childList, _cursor, _uf, _ufSize, _treeA, _treeB, _edgeA, _edgeB, _edgeOrder, _bucketStart;
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
        _uf = new int[n]; _ufSize = new int[n]; _treeA = new int[n]; _treeB = new int[n];
        _edgeA = new int[edges]; _edgeB = new int[edges]; _edgeOrder = new int[edges]; _edgeKey = new ulong[edges];
        _bucketStart = new int[2 * edges + 2];
        RegionTag = new int[n]; LocalOf = new int[n]; Verts = new int[n]; Parent = new int[n]; Order = new int[n];
        Sub = new ConsortiumSums[n]; InSub = new byte[n];
    }

    /// <summary>
    /// Draws a random spanning tree of the region <c>vertices[start .. start+length)</c> (all tagged
    /// <paramref name="tag"/>, connected): Kruskal's algorithm over the region's edges with random weights, rooted at a
    /// random vertex. Not exactly uniform (Wilson's algorithm is), but its cost is about linear in the region's edges
    /// whatever its shape, whereas random walks crawl along long thin regions. Returns false if the region is not
    /// connected.
    /// </summary>
    public bool Draw(int[] vertices, int start, int length, int tag, ref Xoshiro256 rng)
    {
        var m = _m;
        int[] off = m.Offsets, tgt = m.Targets;
        Count = length;
        for (int i = 0; i < length; i++) { int v = vertices[start + i]; Verts[i] = v; LocalOf[v] = i; }
        int ec = 0;
        for (int i = 0; i < length; i++)
        {
            int v = Verts[i];
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int w = tgt[e];
                if (w <= v || RegionTag[w] != tag) continue;
                _edgeA[ec] = i; _edgeB[ec] = LocalOf[w]; _edgeKey[ec] = rng.NextUInt64();
                ec++;
            }
        }
        return Build(length, ec, ref rng);
    }

    /// <summary>
    /// As <see cref="Draw"/> for the union of consortia <paramref name="a"/> and <paramref name="b"/> under
    /// <paramref name="assign"/>, found from practice <paramref name="seed"/>: one breadth-first pass tags the members
    /// <paramref name="tag"/> (which no practice may carry yet), lists them in <see cref="Verts"/> and collects the
    /// region's edges, in the order and with the random keys <see cref="Draw"/> would give the same members, so the tree
    /// is the one <see cref="Draw"/> draws. Returns false if the region is not connected.
    /// </summary>
    public bool DrawPair(int seed, int a, int b, int[] assign, int tag, ref Xoshiro256 rng)
    {
        var m = _m;
        // This pass is near half of a ReCom proposal's time: no bounds checks (every index is a practice from the graph,
        // a local index below the region's size, or an edge count below the graph's), and the edges' keys drawn in a
        // loop of their own afterwards, in edge order, so each edge gets the key it got when they were drawn in the pass.
        ref int off = ref MemoryMarshal.GetArrayDataReference(m.Offsets);
        ref int tgt = ref MemoryMarshal.GetArrayDataReference(m.Targets);
        ref int local = ref MemoryMarshal.GetArrayDataReference(LocalOf);
        ref int verts = ref MemoryMarshal.GetArrayDataReference(Verts);
        ref int regionTag = ref MemoryMarshal.GetArrayDataReference(RegionTag);
        ref int owner = ref MemoryMarshal.GetArrayDataReference(assign);
        ref int edgeA = ref MemoryMarshal.GetArrayDataReference(_edgeA);
        ref int edgeB = ref MemoryMarshal.GetArrayDataReference(_edgeB);
        int head = 0, tail = 0, ec = 0;
        Unsafe.Add(ref regionTag, seed) = tag;
        Unsafe.Add(ref local, seed) = tail;
        Unsafe.Add(ref verts, tail++) = seed;
        while (head < tail)
        {
            int i = head++, v = Unsafe.Add(ref verts, i);
            int end = Unsafe.Add(ref off, v + 1);
            for (int e = Unsafe.Add(ref off, v); e < end; e++)
            {
                int w = Unsafe.Add(ref tgt, e);
                if (Unsafe.Add(ref regionTag, w) != tag)
                {
                    int l = Unsafe.Add(ref owner, w);
                    if (l != a && l != b) continue;
                    Unsafe.Add(ref regionTag, w) = tag;
                    Unsafe.Add(ref local, w) = tail;
                    Unsafe.Add(ref verts, tail++) = w;
                }
                if (w <= v) continue;
                Unsafe.Add(ref edgeA, ec) = i;
                Unsafe.Add(ref edgeB, ec) = Unsafe.Add(ref local, w);
                ec++;
            }
        }
        // A local copy keeps the generator's state in registers through the loop.
        var random = rng;
        ref ulong key = ref MemoryMarshal.GetArrayDataReference(_edgeKey);
        for (int k = 0; k < ec; k++) Unsafe.Add(ref key, k) = random.NextUInt64();
        rng = random;
        Count = tail;
        return Build(tail, ec, ref rng);
    }

    /// <summary>Kruskal over the <paramref name="ec"/> collected edges of <paramref name="length"/> vertices, then the
    /// rooting and the subtree sums.</summary>
    private bool Build(int length, int ec, ref Xoshiro256 rng)
    {
        var m = _m;
        // Indices are local vertices below length or edge ids below ec, all within the arrays sized for the graph.
        ref int uf = ref MemoryMarshal.GetArrayDataReference(_uf);
        ref int ufSize = ref MemoryMarshal.GetArrayDataReference(_ufSize);
        ref int edgeA = ref MemoryMarshal.GetArrayDataReference(_edgeA);
        ref int edgeB = ref MemoryMarshal.GetArrayDataReference(_edgeB);
        ref int edgeOrder = ref MemoryMarshal.GetArrayDataReference(_edgeOrder);
        ref int childStart = ref MemoryMarshal.GetArrayDataReference(_childStart);
        ref int treeA = ref MemoryMarshal.GetArrayDataReference(_treeA);
        ref int treeB = ref MemoryMarshal.GetArrayDataReference(_treeB);
        for (int i = 0; i < length; i++) { Unsafe.Add(ref uf, i) = i; Unsafe.Add(ref ufSize, i) = 1; }
        OrderByKey(ec);
        int t = 0;
        Array.Clear(_childStart, 0, length + 1);
        for (int k = 0; k < ec && t < length - 1; k++)
        {
            int id = Unsafe.Add(ref edgeOrder, k);
            int ea = Unsafe.Add(ref edgeA, id), eb = Unsafe.Add(ref edgeB, id);
            int a = Find(ref uf, ea), b = Find(ref uf, eb);
            if (a == b) continue;
            // Union by size: which root survives does not change which edges join the tree.
            if (Unsafe.Add(ref ufSize, a) > Unsafe.Add(ref ufSize, b)) (a, b) = (b, a);
            Unsafe.Add(ref uf, a) = b;
            Unsafe.Add(ref ufSize, b) += Unsafe.Add(ref ufSize, a);
            Unsafe.Add(ref treeA, t) = ea; Unsafe.Add(ref treeB, t) = eb;
            Unsafe.Add(ref childStart, ea + 1)++; Unsafe.Add(ref childStart, eb + 1)++;
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

        for (int i = 0; i < length; i++) Sub[i] = m.Unit[Verts[i]];
        for (int k = length - 1; k > 0; k--)
        {
            int x = Order[k];
            Sub[Parent[x]].Add(Sub[x]);
        }
        return true;
    }

    /// <summary>
    /// Fills <c>_edgeOrder[0 .. ec)</c> with the edges in increasing key order: a counting pass on the keys' top bits
    /// (about one edge per bucket, as the keys are uniform), then one insertion pass, which only moves edges within a
    /// bucket. The same order a comparison sort gives for distinct keys, in O(E) instead of O(E log E): it was a third
    /// of a balanced solve's time.
    /// </summary>
    private void OrderByKey(int ec)
    {
        if (ec == 0) return;
        int bits = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)ec));
        int shift = 64 - bits, buckets = 1 << bits;
        int[] start = _bucketStart, order = _edgeOrder;
        ulong[] key = _edgeKey;
        Array.Clear(start, 0, buckets + 1);
        for (int e = 0; e < ec; e++) start[(int)(key[e] >> shift) + 1]++;
        for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
        for (int e = 0; e < ec; e++) order[start[(int)(key[e] >> shift)]++] = e;
        // Buckets are in key order, so one insertion pass sorts by the full keys, moving edges only within a bucket.
        ref int o = ref MemoryMarshal.GetArrayDataReference(order);
        ref ulong kr = ref MemoryMarshal.GetArrayDataReference(key);
        for (int i = 1; i < ec; i++)
        {
            int id = Unsafe.Add(ref o, i);
            ulong k = Unsafe.Add(ref kr, id);
            int j = i - 1;
            while (j >= 0 && Unsafe.Add(ref kr, Unsafe.Add(ref o, j)) > k) { Unsafe.Add(ref o, j + 1) = Unsafe.Add(ref o, j); j--; }
            Unsafe.Add(ref o, j + 1) = id;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Find(ref int uf, int x)
    {
        while (Unsafe.Add(ref uf, x) != x)
        {
            Unsafe.Add(ref uf, x) = Unsafe.Add(ref uf, Unsafe.Add(ref uf, x));
            x = Unsafe.Add(ref uf, x);
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
