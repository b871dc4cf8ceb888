namespace Partitioner.Exact;

/// <summary>
/// The LP weight on each pair of practices at a fractional master point — Σ x over the columns holding both, at
/// <c>i · n + j</c> for i &lt; j — and the practices those columns hold, ascending. Both subset-row separations read it
/// (<see cref="SubsetRowCuts"/>, <see cref="FiveRowCuts"/>); <see cref="MasterLp"/> computes it once per cut round.
/// </summary>
internal sealed class PairWeights
{
    private PairWeights(double[] pair, List<int> active)
    {
        Pair = pair;
        Active = active;
    }

    public double[] Pair { get; }

    public List<int> Active { get; }

    /// <summary>The weights of the columns <paramref name="columns"/> (candidate indices) at <paramref name="values"/>.</summary>
    public static PairWeights Of(int n, IReadOnlyList<int[]> candidates, List<int> columns, List<double> values)
    {
        var pair = new double[n * n];
        var touched = new bool[n];
        for (int k = 0; k < columns.Count; k++)
        {
            var set = candidates[columns[k]];
            double x = values[k];
            for (int p = 0; p < set.Length; p++)
            {
                touched[set[p]] = true;
                for (int q = p + 1; q < set.Length; q++) pair[set[p] * n + set[q]] += x;
            }
        }
        var active = new List<int>();
        for (int i = 0; i < n; i++) if (touched[i]) active.Add(i);
        return new PairWeights(pair, active);
    }
}
