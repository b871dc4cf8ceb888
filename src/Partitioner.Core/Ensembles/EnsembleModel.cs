using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// What every chain of one ensemble shares, read-only: the flattened problem (with the count fixed), the cell shape for
/// Polsby–Popper, and the practice graph's undirected edges (v &lt; w, CSR order) that the co-assignment counts are kept for.
/// </summary>
internal sealed class EnsembleModel
{
    public EnsembleModel(Problem problem, SearchData data, CellShape shape, int count)
    {
        Problem = problem;
        Data = data;
        Shape = shape;
        Count = count;
        int edges = 0;
        for (int v = 0; v < data.N; v++)
            for (int e = data.Offsets[v]; e < data.Offsets[v + 1]; e++)
                if (data.Targets[e] > v) edges++;
        EdgeFrom = new int[edges];
        EdgeTo = new int[edges];
        int i = 0;
        for (int v = 0; v < data.N; v++)
            for (int e = data.Offsets[v]; e < data.Offsets[v + 1]; e++)
                if (data.Targets[e] > v) { EdgeFrom[i] = v; EdgeTo[i] = data.Targets[e]; i++; }
    }

    /// <summary>The problem whose rules fix the count at <see cref="Count"/> (what the starting plans are solved for).</summary>
    public Problem Problem { get; }
    public SearchData Data { get; }
    public CellShape Shape { get; }
    public int Count { get; }
    public int[] EdgeFrom { get; }
    public int[] EdgeTo { get; }
}
