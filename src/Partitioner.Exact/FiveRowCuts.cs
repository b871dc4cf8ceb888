namespace Partitioner.Exact;

/// <summary>
/// Subset-row cuts over five practices (rank-1 Chvátal–Gomory cuts of the set-partitioning rows with multiplier ½):
/// Σ ⌊|S ∩ C| / 2⌋ · x_C ≤ 2 for a set S of five practices, since the consortia of a plan hold S's five practices once
/// each. They include the triple cuts' odd cycles through three practices and also catch those through five.
/// Separated heuristically: each of the triples with the most LP weight on their pairs is extended by the pair of
/// practices that makes the cut most violated.
/// </summary>
internal static class FiveRowCuts
{
    /// <summary>Most cuts added per round.</summary>
    private const int CutsPerRound = 60;

    /// <summary>Triples extended per round (those with the most LP weight on their three pairs).</summary>
    private const int Seeds = 80;

    /// <summary>The most violated five-sets (sorted) at the LP point <paramref name="values"/> over <paramref name="columns"/>,
    /// not cut before (<paramref name="seen"/>), with the pair weights <paramref name="weights"/> of that point.</summary>
    public static List<int[]> Separate(int n, IReadOnlyList<int[]> candidates, List<int> columns, List<double> values, PairWeights weights, HashSet<long> seen)
    {
        int s = columns.Count;
        var inside = new bool[s * n];
        for (int k = 0; k < s; k++) foreach (int i in candidates[columns[k]]) inside[k * n + i] = true;
        var (pair, active) = (weights.Pair, weights.Active);
        var seeds = new List<(double Weight, int A, int B, int C)>();
        for (int a = 0; a < active.Count; a++)
            for (int b = a + 1; b < active.Count; b++)
            {
                double ab = pair[active[a] * n + active[b]];
                if (ab <= 0) continue;
                for (int c = b + 1; c < active.Count; c++)
                {
                    double w = ab + pair[active[a] * n + active[c]] + pair[active[b] * n + active[c]];
                    if (w > 0.8) seeds.Add((w, active[a], active[b], active[c]));
                }
            }
        seeds.Sort((x, y) => y.Weight != x.Weight ? y.Weight.CompareTo(x.Weight)
            : x.A != y.A ? x.A.CompareTo(y.A) : x.B != y.B ? x.B.CompareTo(y.B) : x.C.CompareTo(y.C));
        var count = new int[s];
        var found = new List<(double Violation, int[] Five)>();
        var keys = new HashSet<long>();
        for (int t = 0; t < seeds.Count && t < Seeds; t++)
        {
            var (_, a0, b0, c0) = seeds[t];
            for (int k = 0; k < s; k++) count[k] = (inside[k * n + a0] ? 1 : 0) + (inside[k * n + b0] ? 1 : 0) + (inside[k * n + c0] ? 1 : 0);
            double bestLhs = 2 + SubsetRowCuts.MinViolation;
            int bestD = -1, bestE = -1;
            for (int d = 0; d < active.Count; d++)
            {
                int pd = active[d];
                if (pd == a0 || pd == b0 || pd == c0) continue;
                for (int e = d + 1; e < active.Count; e++)
                {
                    int pe = active[e];
                    if (pe == a0 || pe == b0 || pe == c0) continue;
                    double lhs = 0;
                    for (int k = 0; k < s; k++)
                    {
                        int m = count[k] + (inside[k * n + pd] ? 1 : 0) + (inside[k * n + pe] ? 1 : 0);
                        if (m >= 2) lhs += (m >> 1) * values[k];
                    }
                    if (lhs > bestLhs + 1e-12)
                    {
                        bestLhs = lhs;
                        bestD = pd;
                        bestE = pe;
                    }
                }
            }
            if (bestD < 0) continue;
            int[] five = [a0, b0, c0, bestD, bestE];
            Array.Sort(five);
            long key = SubsetRowCuts.Key(five, n);
            if (seen.Contains(key) || !keys.Add(key)) continue;
            found.Add((bestLhs - 2, five));
        }
        found.Sort((x, y) => y.Violation != x.Violation ? y.Violation.CompareTo(x.Violation)
            : SubsetRowCuts.Key(x.Five, n).CompareTo(SubsetRowCuts.Key(y.Five, n)));
        return SubsetRowCuts.Spread(found.Select(f => f.Five), n, CutsPerRound);
    }
}
