using Partitioner.Core.Ensembles;
using Partitioner.Core.Geography;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Ensembles;

public sealed class UniformSpanningTreeTests
{
    [Fact]
    public void Every_spanning_tree_of_a_3x3_grid_is_drawn_equally_often()
    {
        // The 3×3 grid has 192 spanning trees (matrix-tree theorem). With 96,000 draws each is expected 500 times; the
        // Pearson statistic of a uniform sampler follows chi-square with 191 degrees of freedom (mean 191, sd 19.5), and
        // 280 is beyond its 99.99th percentile. A random-weight Kruskal tree (the solver's) fails this test by far.
        var graph = GridGraph.Of(3, 3);
        Assert.Equal(192, SmallGraphs.SpanningTrees(graph, Enumerable.Range(0, 9).ToArray()));
        var tree = new UniformSpanningTree(graph.Offsets.ToArray(), graph.Targets.ToArray(), 9);
        var verts = Enumerable.Range(0, 9).ToArray();
        var tag = Enumerable.Repeat(1, 9).ToArray();
        var localOf = Enumerable.Range(0, 9).ToArray();
        var rng = new Xoshiro256(42);
        var counts = new Dictionary<string, int>();
        const int Draws = 96_000;
        for (int i = 0; i < Draws; i++)
        {
            tree.Draw(verts, 9, tag, 1, localOf, ref rng);
            var edges = Enumerable.Range(1, 8).Select(l => (Math.Min(l, tree.Parent[l]), Math.Max(l, tree.Parent[l]))).Order().Select(e => $"{e.Item1}-{e.Item2}");
            var key = string.Join(" ", edges);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(192, counts.Count);
        double expected = Draws / 192.0;
        double chi2 = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 280, $"chi-square {chi2:0.0} over 191 degrees of freedom");
    }

    [Fact]
    public void A_drawn_tree_spans_the_region_only_and_every_subtree_is_below_its_top()
    {
        var graph = GridGraph.Of(4, 4);
        // Region: the left three columns (12 practices); the last column is outside.
        var verts = Enumerable.Range(0, 16).Where(v => v % 4 < 3).ToArray();
        var tag = new int[16];
        var localOf = new int[16];
        for (int l = 0; l < verts.Length; l++) { tag[verts[l]] = 5; localOf[verts[l]] = l; }
        var tree = new UniformSpanningTree(graph.Offsets.ToArray(), graph.Targets.ToArray(), 16);
        var rng = new Xoshiro256(3);
        tree.Draw(verts, verts.Length, tag, 5, localOf, ref rng);
        Assert.Equal(-1, tree.Parent[0]);
        for (int l = 1; l < verts.Length; l++)
        {
            Assert.InRange(tree.Parent[l], 0, verts.Length - 1);
            Assert.True(graph.AreAdjacent(verts[l], verts[tree.Parent[l]]), "tree edges are graph edges inside the region");
        }
        // Order lists every local index once, the root first and each parent before its children.
        var order = tree.Order.Take(verts.Length).ToArray();
        Assert.Equal(Enumerable.Range(0, verts.Length), order.Order());
        Assert.Equal(0, order[0]);
        for (int i = 1; i < order.Length; i++) Assert.True(Array.IndexOf(order, tree.Parent[order[i]]) < i, "parent before child");
        var members = new int[16];
        int size = tree.Subtree(0, members);
        Assert.Equal(verts.Length, size);
        for (int top = 1; top < verts.Length; top++)
        {
            size = tree.Subtree(top, members);
            bool Below(int x)
            {
                while (x != top && x != 0) x = tree.Parent[x];
                return x == top;
            }
            // Exactly the practices whose path to the root passes through the top.
            Assert.Equal(Enumerable.Range(0, verts.Length).Where(Below), members.Take(size).Order());
        }
    }
}
