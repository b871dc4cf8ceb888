namespace Partitioner.Core.Ensembles;

/// <summary>
/// The practices of a pair of adjacent consortia as a chain step uses them: local order (the practice nearest their
/// centre first, the tree's root), list sizes, their own adjacency and the bound M(R). The chain keeps one per pair and
/// rebuilds it only when either consortium has changed since (<see cref="Key"/>): a pair is drawn again long before
/// either of its consortia usually changes, and gathering the region and its adjacency is a fifth of a step.
/// Arrays grow when a larger region comes; a region never shrinks them.
/// </summary>
internal sealed class PairRegion
{
    /// <summary>The two consortia's versions when it was built; <see cref="Filled"/> is false until it first is.</summary>
    public long Key;
    public bool Filled;

    /// <summary>Practices in the region, and their patients.</summary>
    public int Count;
    public double Patients;

    /// <summary>M(R), or 0 until it is needed.</summary>
    public long Bound;

    /// <summary>Practice of each local index; its list size; the region's adjacency in local indices (CSR).</summary>
    public int[] Verts = [];
    public double[] Weight = [];
    public int[] AdjacencyStart = [];
    public int[] Adjacency = [];

    /// <summary>Makes room for <paramref name="count"/> practices with <paramref name="degrees"/> edge ends in all.</summary>
    public void Reserve(int count, int degrees)
    {
        if (Verts.Length < count)
        {
            int size = count + count / 4;
            Verts = new int[size];
            Weight = new double[size];
            AdjacencyStart = new int[size + 1];
        }
        if (Adjacency.Length < degrees) Adjacency = new int[degrees + degrees / 4];
    }
}
