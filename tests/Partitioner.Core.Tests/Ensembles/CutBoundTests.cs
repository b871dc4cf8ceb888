using Partitioner.Core.Ensembles;
using Partitioner.Core.Tests.Support;
using Xunit.Abstractions;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>
/// The reversible chain is exact only if M(R) bounds the balanced cuts of every spanning tree of the region: these tests
/// list every spanning tree of small graphs and check the bound against the most balanced cuts any of them has.
/// </summary>
public sealed class CutBoundTests(ITestOutputHelper output)
{
    /// <summary>Every spanning tree of the graph as parent arrays rooted at vertex 0 (edge subsets of size n − 1 without
    /// a cycle).</summary>
    private static List<int[]> SpanningTrees(int n, (int A, int B)[] edges)
    {
        var trees = new List<int[]>();
        var chosen = new int[n - 1];
        void Choose(int from, int depth)
        {
            if (depth == n - 1)
            {
                var root = Enumerable.Range(0, n).ToArray();
                int Find(int x) { while (root[x] != x) x = root[x] = root[root[x]]; return x; }
                foreach (int e in chosen)
                {
                    int a = Find(edges[e].A), b = Find(edges[e].B);
                    if (a == b) return;
                    root[a] = b;
                }
                var parent = Enumerable.Repeat(-2, n).ToArray();
                parent[0] = -1;
                var queue = new Queue<int>([0]);
                while (queue.Count > 0)
                {
                    int v = queue.Dequeue();
                    foreach (int e in chosen)
                    {
                        int w = edges[e].A == v ? edges[e].B : edges[e].B == v ? edges[e].A : -1;
                        if (w >= 0 && parent[w] == -2) { parent[w] = v; queue.Enqueue(w); }
                    }
                }
                trees.Add(parent);
                return;
            }
            for (int e = from; e <= edges.Length - (n - 1 - depth); e++)
            {
                chosen[depth] = e;
                Choose(e + 1, depth + 1);
            }
        }
        Choose(0, 0);
        return trees;
    }

    /// <summary>Edges of the tree whose two sides both weigh between <paramref name="low"/> and <paramref name="high"/>.</summary>
    private static int BalancedCuts(int[] parent, double[] weight, double low, double high)
    {
        int n = parent.Length;
        var below = (double[])weight.Clone();
        // Children after parents is not guaranteed by vertex order, so push weights up by depth.
        var depth = new int[n];
        for (int v = 0; v < n; v++) for (int u = v; parent[u] >= 0; u = parent[u]) depth[v]++;
        foreach (int v in Enumerable.Range(0, n).OrderByDescending(v => depth[v]))
            if (parent[v] >= 0) below[parent[v]] += below[v];
        return Enumerable.Range(1, n - 1).Count(v => below[v] >= low && below[v] <= high);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(2, 6)]
    [InlineData(1, 9)]
    public void No_spanning_tree_has_more_balanced_cuts_than_the_bound(int rows, int columns)
    {
        int n = rows * columns;
        var trees = SpanningTrees(n, GridGraph.Edges(rows, columns));
        var random = new Random(1234 + n);
        int attained = 0, cases = 0;
        double slack = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            // Practices weighing 1–9 (all 1 in every third trial, which packs many cuts into one tree), consortia between
            // a random minimum and maximum: the window each side must fall in, as the chain computes it.
            var weight = Enumerable.Range(0, n).Select(_ => (double)(trial % 3 == 0 ? 1 : random.Next(1, 10))).ToArray();
            double total = weight.Sum();
            double min = random.Next(1, (int)(total / 2) + 1), max = random.Next((int)min, (int)total);
            double low = Math.Max(min, total - max), high = Math.Min(max, total - min);
            if (low > high) continue;
            var sorted = weight.Order().ToArray();
            long bound = CutBound.Of(sorted, n, total, low, high);
            int most = trees.Max(t => BalancedCuts(t, weight, low, high));
            Assert.True(most <= bound, $"a tree has {most} balanced cuts, more than the bound {bound} (weights {string.Join(",", weight)}, window {low}–{high})");
            cases++;
            slack += bound - most;
            if (most == bound && bound < n - 1) attained++;
        }
        output.WriteLine($"{trees.Count} spanning trees, {cases} weightings; bound attained below r − 1 in {attained}; mean slack {slack / cases:0.00}");
        Assert.True(cases >= 100, $"{cases} weightings with a feasible window");
    }

    [Fact]
    public void The_bound_is_reached_on_a_path_of_equal_practices()
    {
        // A path of 9 practices of 1 into two sides of 3–6: the edges after the 3rd, 4th, 5th and 6th practice are
        // balanced (4 cuts). One minimal subtree and tops weighing at most high − low = 3 give 1 + 3; two minimal ones
        // leave 9 − 2 × 3 − 1 (the root) = 2 for the tops, 2 + 2: the bound is 4, exactly the cuts there are.
        var edges = Enumerable.Range(0, 8).Select(i => (i, i + 1)).ToArray();
        var weight = Enumerable.Repeat(1.0, 9).ToArray();
        var tree = Assert.Single(SpanningTrees(9, edges));
        Assert.Equal(4, BalancedCuts(tree, weight, 3, 6));
        Assert.Equal(4, CutBound.Of(weight, 9, 9, 3, 6));
    }

    [Fact]
    public void The_bound_equals_its_definition_when_many_minimal_subtrees_are_possible()
    {
        // A tiny minimum size allows up to r − 1 minimal subtrees; the bound moves one pointer over the sorted sizes instead
        // of summing afresh for each d, and must give exactly max over d of d + (the most non-root practices within the
        // budget), checked here by the plain sum.
        var random = new Random(77);
        for (int trial = 0; trial < 300; trial++)
        {
            int r = random.Next(2, 300);
            var sorted = Enumerable.Range(0, r).Select(_ => (double)random.Next(1, 5000)).Order().ToArray();
            double total = sorted.Sum();
            double low = trial % 2 == 0 ? random.Next(1, 50) : random.Next(1, (int)(total / 2) + 1);
            double high = Math.Max(low, total - low - random.Next(0, (int)(total / 3) + 1));
            double rest = total - sorted[^1];
            long expected = 1;
            for (long d = 1; d <= Math.Min(r - 1, (long)Math.Floor(rest / low)); d++)
            {
                double budget = Math.Min(rest - d * low, d * (high - low)), run = 0;
                int tops = 0;
                while (tops < r - 1 && run + sorted[tops] <= budget) run += sorted[tops++];
                expected = Math.Max(expected, d + tops);
            }
            Assert.Equal(Math.Min(r - 1, expected), CutBound.Of(sorted, r, total, low, high));
        }
    }
}
