using Partitioner.Core.Geography;

namespace Partitioner.Core.Tests.Support;

/// <summary>The rows × columns grid graph (practice r · columns + c joined to its right and lower neighbours), for tests on graphs alone.</summary>
internal static class GridGraph
{
    /// <summary>The grid's edges, row by row.</summary>
    public static (int, int)[] Edges(int rows, int columns)
    {
        var edges = new List<(int, int)>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int v = r * columns + c;
                if (c + 1 < columns) edges.Add((v, v + 1));
                if (r + 1 < rows) edges.Add((v, v + columns));
            }
        return edges.ToArray();
    }

    /// <summary>The grid as an adjacency graph.</summary>
    public static AdjacencyGraph Of(int rows, int columns) => AdjacencyGraph.FromEdges(rows * columns, Edges(rows, columns));
}
