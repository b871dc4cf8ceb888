using Partitioner.Core.Geography;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>Exact facts about small graphs, by brute force, that the ensemble tests compare samplers with.</summary>
internal static class SmallGraphs
{
    /// <summary>Every partition of the graph's vertices into <paramref name="parts"/> connected parts for which
    /// <paramref name="valid"/> accepts each part (given as a sorted vertex list), as labels by first appearance.</summary>
    public static List<int[]> Partitions(AdjacencyGraph graph, int parts, Func<int[], bool> valid, int maxPart)
    {
        int n = graph.VertexCount;
        var label = new int[n];
        Array.Fill(label, -1);
        var found = new List<int[]>();
        void Recurse(int next)
        {
            int v = Array.IndexOf(label, -1);
            if (v < 0)
            {
                if (next == parts) found.Add((int[])label.Clone());
                return;
            }
            if (next == parts) return;
            foreach (var set in ConnectedSets(graph, v, label, maxPart))
            {
                if (!valid(set)) continue;
                foreach (int x in set) label[x] = next;
                Recurse(next + 1);
                foreach (int x in set) label[x] = -1;
            }
        }
        Recurse(0);
        return found;
    }

    /// <summary>Every connected set of unlabelled vertices containing <paramref name="v"/> (and no unlabelled vertex
    /// below it, so each partition is listed once) with at most <paramref name="max"/> vertices.</summary>
    private static List<int[]> ConnectedSets(AdjacencyGraph graph, int v, int[] label, int max)
    {
        var result = new HashSet<string>();
        var sets = new List<int[]>();
        var stack = new Stack<SortedSet<int>>();
        stack.Push(new SortedSet<int> { v });
        while (stack.Count > 0)
        {
            var set = stack.Pop();
            if (!result.Add(string.Join(",", set))) continue;
            sets.Add(set.ToArray());
            if (set.Count == max) continue;
            foreach (int x in set)
                foreach (int w in graph.Neighbours(x))
                    if (w > v && label[w] < 0 && !set.Contains(w))
                        stack.Push(new SortedSet<int>(set) { w });
        }
        return sets;
    }

    /// <summary>The number of spanning trees of the subgraph induced by <paramref name="set"/> (matrix-tree theorem,
    /// exact by fraction-free elimination).</summary>
    public static long SpanningTrees(AdjacencyGraph graph, int[] set)
    {
        int m = set.Length;
        if (m == 1) return 1;
        var index = new Dictionary<int, int>();
        for (int i = 0; i < m; i++) index[set[i]] = i;
        var lap = new long[m, m];
        for (int i = 0; i < m; i++)
            foreach (int w in graph.Neighbours(set[i]))
                if (index.TryGetValue(w, out int j)) { lap[i, j] -= 1; lap[i, i] += 1; }
        // Determinant of the Laplacian without its last row and column (Bareiss).
        int size = m - 1;
        var a = new long[size, size];
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) a[i, j] = lap[i, j];
        long previous = 1, sign = 1;
        for (int k = 0; k < size - 1; k++)
        {
            if (a[k, k] == 0)
            {
                int swap = -1;
                for (int i = k + 1; i < size; i++) if (a[i, k] != 0) { swap = i; break; }
                if (swap < 0) return 0;
                for (int j = 0; j < size; j++) (a[k, j], a[swap, j]) = (a[swap, j], a[k, j]);
                sign = -sign;
            }
            for (int i = k + 1; i < size; i++)
                for (int j = k + 1; j < size; j++)
                    a[i, j] = (a[i, j] * a[k, k] - a[i, k] * a[k, j]) / previous;
            previous = a[k, k];
        }
        return sign * a[size - 1, size - 1];
    }

    /// <summary>Labels renumbered by first appearance, as a string key.</summary>
    public static string Key(int[] labels)
    {
        var map = new Dictionary<int, int>();
        var sb = new System.Text.StringBuilder();
        foreach (int l in labels)
        {
            if (!map.TryGetValue(l, out int c)) map[l] = c = map.Count;
            sb.Append((char)('a' + c));
        }
        return sb.ToString();
    }

    /// <summary>Edges between different parts.</summary>
    public static int CutEdges(AdjacencyGraph graph, int[] labels)
    {
        int cut = 0;
        for (int v = 0; v < graph.VertexCount; v++)
            foreach (int w in graph.Neighbours(v))
                if (w > v && labels[v] != labels[w]) cut++;
        return cut;
    }
}
