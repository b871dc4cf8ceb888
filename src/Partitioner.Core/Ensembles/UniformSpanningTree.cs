using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// Uniformly random spanning trees of a connected region of the practice graph, by Wilson's algorithm (loop-erased
/// random walks towards the tree built so far). Unlike the solver's random-weight Kruskal trees, every spanning tree of
/// the region is equally likely, which is what the reversible ReCom chain's stationary distribution rests on. The region
/// is given by local indices: practice <c>verts[l]</c> for l in [0, count), with <c>tag[v] == stamp</c> marking members
/// and <c>localOf[v]</c> their local index; the root is local index 0. Scratch is sized once; drawing allocates
/// nothing. Owned by one chain.
/// </summary>
internal sealed class UniformSpanningTree
{
    private readonly int[] _offsets, _targets;
    private readonly int[] _next, _inTree, _inSubtree, _adjStart, _adj;
    private int _treeStamp, _subtreeStamp;

    public UniformSpanningTree(int[] offsets, int[] targets, int practices)
    {
        _offsets = offsets;
        _targets = targets;
        _next = new int[practices];
        _inTree = new int[practices];
        _inSubtree = new int[practices];
        _adjStart = new int[practices + 1];
        _adj = new int[targets.Length];
        Parent = new int[practices];
        Order = new int[practices];
    }

    /// <summary>Tree parent of each local index (−1 at the root, local index 0).</summary>
    public int[] Parent { get; }

    /// <summary>The local indices of the last tree, parents before children (the root first): Wilson's algorithm adds each
    /// loop-erased path to the tree it hits, so a path listed from its far end is in that order for free.</summary>
    public int[] Order { get; }

    /// <summary>Random-walk steps taken by every draw so far (the cost of Wilson's algorithm, for benchmarks).</summary>
    public long WalkSteps { get; private set; }

    /// <summary>Vertices in the last tree.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Draws a uniform spanning tree of the region (which must be connected: two adjacent contiguous consortia always
    /// are); the walk is the simple random walk on the region's own graph.
    /// </summary>
    public void Draw(int[] verts, int count, int[] tag, int stamp, int[] localOf, ref Xoshiro256 rng)
    {
        Adjacency(_offsets, _targets, verts, count, tag, stamp, localOf, _adjStart, _adj);
        Draw(_adjStart, _adj, count, ref rng);
    }

    /// <summary>
    /// The region's own adjacency in local indices (CSR: neighbours of l at <paramref name="adj"/>[adjStart[l] ..
    /// adjStart[l + 1]]), so the walk draws a neighbour in one try from a compact array. Depends on the region only, so a
    /// caller may keep it while the region is unchanged.
    /// </summary>
    public static void Adjacency(int[] offsets, int[] targets, int[] verts, int count, int[] tag, int stamp, int[] localOf, int[] adjStart, int[] adj)
    {
        int na = 0;
        for (int l = 0; l < count; l++)
        {
            adjStart[l] = na;
            int v = verts[l];
            for (int e = offsets[v]; e < offsets[v + 1]; e++)
            {
                int w = targets[e];
                if (tag[w] == stamp) adj[na++] = localOf[w];
            }
        }
        adjStart[count] = na;
    }

    /// <summary>Draws a uniform spanning tree of a connected region given by its own adjacency (<see cref="Adjacency"/>),
    /// rooted at local index 0.</summary>
    public void Draw(int[] adjacencyStart, int[] adjacency, int count, ref Xoshiro256 rng)
    {
        Count = count;
        if (++_treeStamp == int.MaxValue)
        {
            Array.Clear(_inTree);
            _treeStamp = 1;
        }
        int t = _treeStamp;
        _inTree[0] = t;
        Parent[0] = -1;
        Order[0] = 0;
        int listed = 1;
        long walked = 0;
        // The walk is most of a chain step's time: no bounds checks, and one 64-bit draw for two neighbour choices
        // (32 random bits each; degrees are tiny, so Lemire's multiply-shift is as good as exact).
        ref int adjStart = ref MemoryMarshal.GetArrayDataReference(adjacencyStart);
        ref int adj = ref MemoryMarshal.GetArrayDataReference(adjacency);
        ref int next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref int inTree = ref MemoryMarshal.GetArrayDataReference(_inTree);
        // A local copy of the generator, so its state can live in registers through the walk.
        var random = rng;
        ulong bits = 0;
        bool half = false;
        for (int start = 1; start < count; start++)
        {
            int u = start;
            // Walk until the tree is hit, remembering only the last exit from each vertex (that erases the loops).
            while (Unsafe.Add(ref inTree, u) != t)
            {
                int o = Unsafe.Add(ref adjStart, u);
                uint degree = (uint)(Unsafe.Add(ref adjStart, u + 1) - o);
                if (!half) bits = random.NextUInt64();
                uint draw = half ? (uint)(bits >> 32) : (uint)bits;
                half = !half;
                int l = Unsafe.Add(ref adj, o + (int)(((ulong)draw * degree) >> 32));
                Unsafe.Add(ref next, u) = l;
                u = l;
                walked++;
            }
            int from = listed;
            for (u = start; _inTree[u] != t; u = _next[u])
            {
                _inTree[u] = t;
                Parent[u] = _next[u];
                Order[listed++] = u;
            }
            // The path was listed from its start, children first: reversed, each parent comes before its child.
            for (int i = from, j = listed - 1; i < j; i++, j--) (Order[i], Order[j]) = (Order[j], Order[i]);
        }
        rng = random;
        WalkSteps += walked;
    }

    /// <summary>
    /// Writes the local indices of the subtree below <paramref name="top"/> (itself included) into
    /// <paramref name="members"/> and returns how many there are.
    /// </summary>
    public int Subtree(int top, int[] members)
    {
        if (++_subtreeStamp == int.MaxValue)
        {
            Array.Clear(_inSubtree);
            _subtreeStamp = 1;
        }
        int s = _subtreeStamp, size = 0;
        _inSubtree[top] = s;
        members[size++] = top;
        // In Order a vertex comes after its parent, so one pass finds every vertex whose parent is already inside.
        for (int i = 0; i < Count; i++)
        {
            int x = Order[i];
            if (x != top && Parent[x] >= 0 && _inSubtree[Parent[x]] == s)
            {
                _inSubtree[x] = s;
                members[size++] = x;
            }
        }
        return size;
    }
}
