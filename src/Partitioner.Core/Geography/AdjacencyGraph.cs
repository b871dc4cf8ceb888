namespace Partitioner.Core.Geography;

/// <summary>
/// Undirected neighbourhood graph in compressed sparse row form: the neighbours of vertex <c>v</c>
/// are <c>Targets[Offsets[v] .. Offsets[v + 1])</c>, sorted ascending, without self-loops or repeats.
/// Every edge appears once in each direction. Immutable and safe to share between threads.
/// </summary>
public sealed class AdjacencyGraph
{
    private readonly int[] _offsets;
    private readonly int[] _targets;

    private AdjacencyGraph(int[] offsets, int[] targets)
    {
        _offsets = offsets;
        _targets = targets;
    }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => _offsets.Length - 1;

    /// <summary>Number of undirected edges.</summary>
    public int EdgeCount => _targets.Length / 2;

    /// <summary>CSR offsets, length <see cref="VertexCount"/> + 1.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>CSR targets, length 2 × <see cref="EdgeCount"/>.</summary>
    public ReadOnlySpan<int> Targets => _targets;

    /// <summary>The neighbours of <paramref name="vertex"/>, ascending.</summary>
    public ReadOnlySpan<int> Neighbours(int vertex) =>
        new(_targets, _offsets[vertex], _offsets[vertex + 1] - _offsets[vertex]);

    /// <summary>Number of neighbours of <paramref name="vertex"/>.</summary>
    public int Degree(int vertex) => _offsets[vertex + 1] - _offsets[vertex];

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> share an edge.</summary>
    public bool AreAdjacent(int a, int b) => Neighbours(a).BinarySearch(b) >= 0;

    /// <summary>
    /// Builds a graph from undirected edges; repeats, either orientation and self-loops are tolerated
    /// and dropped.
    /// </summary>
    public static AdjacencyGraph FromEdges(int vertexCount, IEnumerable<(int A, int B)> edges)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vertexCount);
        var lists = new List<int>[vertexCount];
        for (int i = 0; i < vertexCount; i++) lists[i] = new List<int>();
        foreach (var (a, b) in edges)
        {
            if ((uint)a >= (uint)vertexCount || (uint)b >= (uint)vertexCount)
                throw new ArgumentOutOfRangeException(nameof(edges), $"Edge ({a}, {b}) names a vertex outside 0..{vertexCount - 1}.");
            if (a == b) continue;
            lists[a].Add(b);
            lists[b].Add(a);
        }
        var offsets = new int[vertexCount + 1];
        var targets = new List<int>();
        for (int v = 0; v < vertexCount; v++)
        {
            var l = lists[v];
            l.Sort();
            int last = -1;
            foreach (int t in l)
            {
                if (t == last) continue;
                targets.Add(t);
                last = t;
            }
            offsets[v + 1] = targets.Count;
        }
        return new AdjacencyGraph(offsets, targets.ToArray());
    }

    /// <summary>
    /// Connected components: returns the component index of every vertex (components numbered
    /// in order of their smallest vertex) and the component count.
    /// </summary>
    public int[] Components(out int componentCount)
    {
        int n = VertexCount;
        var component = new int[n];
        Array.Fill(component, -1);
        var stack = new int[Math.Max(n, 1)];
        componentCount = 0;
        for (int s = 0; s < n; s++)
        {
            if (component[s] >= 0) continue;
            int top = 0;
            stack[top++] = s;
            component[s] = componentCount;
            while (top > 0)
            {
                int v = stack[--top];
                for (int i = _offsets[v]; i < _offsets[v + 1]; i++)
                {
                    int w = _targets[i];
                    if (component[w] >= 0) continue;
                    component[w] = componentCount;
                    stack[top++] = w;
                }
            }
            componentCount++;
        }
        return component;
    }

    /// <summary>
    /// Counts the connected pieces of the subgraph induced by the vertices with
    /// <c>label[v] == wanted</c>. Allocation-free given a scratch stack and visited marks of length
    /// <see cref="VertexCount"/>; <paramref name="mark"/> values equal to <paramref name="stamp"/> mean visited.
    /// </summary>
    public int CountPieces(ReadOnlySpan<int> label, int wanted, Span<int> stack, Span<int> mark, int stamp)
    {
        int pieces = 0;
        for (int s = 0; s < label.Length; s++)
        {
            if (label[s] != wanted || mark[s] == stamp) continue;
            pieces++;
            int top = 0;
            stack[top++] = s;
            mark[s] = stamp;
            while (top > 0)
            {
                int v = stack[--top];
                for (int i = _offsets[v]; i < _offsets[v + 1]; i++)
                {
                    int w = _targets[i];
                    if (label[w] != wanted || mark[w] == stamp) continue;
                    mark[w] = stamp;
                    stack[top++] = w;
                }
            }
        }
        return pieces;
    }
}
