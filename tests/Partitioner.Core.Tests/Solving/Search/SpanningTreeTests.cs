using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving.Search;

public sealed class SpanningTreeTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 12).Select(s => new object[] { s });

    private static SearchData Model(int seed) => Presolve.Build(
        TestInstances.Grid(9, 7, new ConsortiumRules { MinPatients = 50_000, MaxPatients = 400_000 }, seed, diagonals: seed % 2 == 0, jitter: 0.5),
        SolveMode.BestEffort, new List<Infeasibility>());

    /// <summary>A plan of the grid in vertical strips of <paramref name="width"/> columns (each strip connected).</summary>
    private static int[] Strips(int n, int width) => Enumerable.Range(0, n).Select(v => v % 9 / width).ToArray();

    /// <summary>
    /// The pair's tree found in one pass (the search's path) is the tree <see cref="SpanningTree.Draw"/> draws for the
    /// same members from the same random state: same vertices in the same order, same parents, same root, same sums,
    /// and the random stream left in the same place.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void DrawPairDrawsTheTreeDrawDrawsForTheSameMembers(int seed)
    {
        var m = Model(seed);
        int[] assign = Strips(m.N, 3);
        // Start inside the strip, not at its first practice: from a corner the breadth-first order of a plain grid can
        // follow the practices' own order and hide a change in the order the edges are listed.
        int a = 1, b = 2, start = Array.FindLastIndex(assign, l => l == a) - 10;
        Assert.Equal(a, assign[start]);

        var pair = new SpanningTree(m);
        var rngPair = Xoshiro256.ForRestart((ulong)seed, 0);
        Assert.True(pair.DrawPair(start, a, b, assign, -1, ref rngPair));

        var whole = new SpanningTree(m);
        int[] members = pair.Verts.Take(pair.Count).ToArray();
        foreach (int v in members) whole.RegionTag[v] = 5;
        var rngWhole = Xoshiro256.ForRestart((ulong)seed, 0);
        Assert.True(whole.Draw(members, 0, members.Length, 5, ref rngWhole));

        Assert.Equal(assign.Count(l => l == a || l == b), pair.Count);
        Assert.All(members, v => Assert.True(assign[v] == a || assign[v] == b));
        Assert.Equal(whole.Count, pair.Count);
        Assert.Equal(whole.Root, pair.Root);
        Assert.Equal(whole.Parent.Take(whole.Count), pair.Parent.Take(pair.Count));
        Assert.Equal(whole.Order.Take(whole.Count), pair.Order.Take(pair.Count));
        for (int i = 0; i < pair.Count; i++)
        {
            Assert.Equal(whole.Sub[i].P, pair.Sub[i].P);
            Assert.Equal(whole.Sub[i].Pq, pair.Sub[i].Pq);
            Assert.Equal(whole.Sub[i].Count, pair.Sub[i].Count);
        }
        Assert.Equal(rngWhole.NextUInt64(), rngPair.NextUInt64());
    }

    /// <summary>
    /// The drawn tree spans the region: every vertex but the root has a parent that is a neighbour in the practice graph,
    /// walking up from any vertex reaches the root, and each subtree's sums are those of its members.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void DrawnTreeSpansTheRegionWithItsSubtreeSums(int seed)
    {
        var m = Model(seed);
        int[] assign = Strips(m.N, 2);
        var tree = new SpanningTree(m);
        var rng = Xoshiro256.ForRestart((ulong)seed, 3);
        int start = Array.FindIndex(assign, l => l == 0);
        Assert.True(tree.DrawPair(start, 0, 1, assign, -7, ref rng));
        int n = tree.Count;
        Assert.Equal(-1, tree.Parent[tree.Root]);
        var children = new List<int>[n];
        for (int i = 0; i < n; i++) children[i] = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == tree.Root) continue;
            int p = tree.Parent[i];
            Assert.InRange(p, 0, n - 1);
            int v = tree.Verts[i], w = tree.Verts[p];
            Assert.Contains(w, m.Targets[m.Offsets[v]..m.Offsets[v + 1]]);
            children[p].Add(i);
            int steps = 0, x = i;
            while (x != tree.Root) { x = tree.Parent[x]; Assert.True(++steps < n, "a cycle in the parents"); }
        }
        for (int i = 0; i < n; i++)
        {
            double patients = 0;
            var stack = new Stack<int>([i]);
            while (stack.Count > 0) { int x = stack.Pop(); patients += m.Unit[tree.Verts[x]].P; foreach (int c in children[x]) stack.Push(c); }
            Assert.Equal(patients, tree.Sub[i].P, 6);
        }
        Assert.Equal(Enumerable.Range(0, m.N).Where(v => assign[v] <= 1).Sum(v => m.Unit[v].P), tree.Sub[tree.Root].P, 6);
    }
}
