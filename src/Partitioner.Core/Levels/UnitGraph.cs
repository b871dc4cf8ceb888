using Partitioner.Core.Geography;

namespace Partitioner.Core.Levels;

/// <summary>The adjacency of a plan's units (e.g. consortia): two units are neighbours when a practice of one
/// neighbours a practice of the other on the practice graph (island bridges included).</summary>
public static class UnitGraph
{
    /// <summary>The graph over units 0..<paramref name="unitCount"/>−1 of <paramref name="unitOf"/>[practice].</summary>
    public static AdjacencyGraph Of(AdjacencyGraph practiceGraph, IReadOnlyList<int> unitOf, int unitCount)
    {
        ArgumentNullException.ThrowIfNull(practiceGraph);
        var edges = new List<(int, int)>();
        var seen = new HashSet<long>();
        for (int v = 0; v < practiceGraph.VertexCount; v++)
        {
            int a = unitOf[v];
            foreach (int w in practiceGraph.Neighbours(v))
            {
                int b = unitOf[w];
                if (a >= b) continue;
                if (seen.Add(((long)a << 32) | (uint)b)) edges.Add((a, b));
            }
        }
        return AdjacencyGraph.FromEdges(unitCount, edges);
    }
}
