namespace Partitioner.Exact;

/// <summary>
/// A lower bound on the set-partitioning program stronger than its LP relaxation: the LP tightened by subset-row cuts on
/// triples of practices (Jepsen et al. 2008) — of the candidates holding at least two of three practices, at most one can
/// be chosen, since two such candidates would share a practice. The column generation and the bound are
/// <see cref="MasterLp"/>'s; this class separates the cuts and runs a master once. Thread-safe (one GLOP per call).
/// </summary>
/// <remarks>
/// The cuts catch what the plain relaxation misses when every locality must be nearly full: halves of three candidates
/// that pairwise share one practice (an odd cycle), which no plan can take. Figures are in
/// tools/Partitioner.Bench.Exact/RESULTS.md.
/// </remarks>
internal static class SubsetRowCuts
{
    /// <summary>Most cuts added per round.</summary>
    private const int CutsPerRound = 120;

    /// <summary>Most cuts of one round that share a practice (spreads each round over the area).</summary>
    internal const int CutsPerPractice = 6;

    /// <summary>Least violation of a cut that is added (LHS above its limit by more than this).</summary>
    internal const double MinViolation = 0.02;

    /// <summary>
    /// Bounds min Σ cost z over <paramref name="columns"/> (candidate indices), each practice covered once, count in
    /// [<paramref name="minCount"/>, <paramref name="maxCount"/>], adding cuts until the bound reaches
    /// <paramref name="target"/>, nothing is violated, <paramref name="maxRounds"/> rounds are run or the time is up. The
    /// model starts with the subset-row cuts <paramref name="cuts"/> (triples of practices) when given. The
    /// master starts from <paramref name="initial"/> (candidate indices among the columns, e.g. an LP's support and an
    /// incumbent); practices it cannot cover are covered by costly artificial columns until priced candidates replace them.
    /// One <see cref="MasterLp"/>, solved once and dropped.
    /// </summary>
    public static MasterAnswer Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, int[] columns, IEnumerable<int> initial,
        int minCount, int maxCount, double target, TimeSpan limit, int maxRounds = int.MaxValue, IReadOnlyList<(int A, int B, int C)>? cuts = null,
        CancellationToken stop = default)
    {
        using var master = new MasterLp(practiceCount, candidates, cost, columns, initial, minCount, maxCount, cuts);
        return master.Solve(target, limit, stop, separate: true, maxRounds);
    }

    /// <summary>
    /// The most violated triples (sorted practices) at the fractional LP point <paramref name="values"/> over
    /// <paramref name="columns"/>, not cut before (<paramref name="seen"/>): those where the columns holding two or three of
    /// them sum above 1. The sum is P(i,j) + P(i,k) + P(j,k) − 2·T(i,j,k), with P the pair weights
    /// (<paramref name="weights"/>) and T the LP weight on columns holding all three.
    /// </summary>
    internal static List<int[]> Separate(int practiceCount, IReadOnlyList<int[]> candidates, List<int> columns,
        List<double> values, PairWeights weights, HashSet<long> seen)
    {
        int n = practiceCount;
        var (pair, active) = (weights.Pair, weights.Active);
        var found = new List<(double Violation, int A, int B, int C)>();
        for (int a = 0; a < active.Count; a++)
        {
            int i = active[a];
            for (int b = a + 1; b < active.Count; b++)
            {
                int j = active[b];
                double ij = pair[i * n + j];
                for (int c = b + 1; c < active.Count; c++)
                {
                    int k = active[c];
                    double sum = ij + pair[i * n + k] + pair[j * n + k];
                    if (sum <= 1 + MinViolation) continue;
                    // Subtract twice the weight of the columns holding all three (counted three times above, once in the cut).
                    double all = 0;
                    for (int s = 0; s < columns.Count; s++)
                    {
                        var set = candidates[columns[s]];
                        if (Array.BinarySearch(set, i) >= 0 && Array.BinarySearch(set, j) >= 0 && Array.BinarySearch(set, k) >= 0) all += values[s];
                    }
                    double lhs = sum - 2 * all;
                    if (lhs > 1 + MinViolation && !seen.Contains(Key([i, j, k], n))) found.Add((lhs - 1, i, j, k));
                }
            }
        }
        found.Sort((x, y) => y.Violation != x.Violation ? y.Violation.CompareTo(x.Violation)
            : x.A != y.A ? x.A.CompareTo(y.A) : x.B != y.B ? x.B.CompareTo(y.B) : x.C.CompareTo(y.C));
        return Spread(found.Select(f => new[] { f.A, f.B, f.C }), n, CutsPerRound);
    }

    /// <summary>The first <paramref name="most"/> of <paramref name="byViolation"/> (most violated first), skipping a cut
    /// whose practices already appear in <see cref="CutsPerPractice"/> chosen cuts, so that a round spreads over the area.</summary>
    internal static List<int[]> Spread(IEnumerable<int[]> byViolation, int n, int most)
    {
        var uses = new int[n];
        var chosen = new List<int[]>();
        foreach (var practices in byViolation)
        {
            if (chosen.Count >= most) break;
            bool crowded = false;
            foreach (int i in practices) crowded |= uses[i] >= CutsPerPractice;
            if (crowded) continue;
            foreach (int i in practices) uses[i]++;
            chosen.Add(practices);
        }
        return chosen;
    }

    /// <summary>A key for a sorted set of practices out of <paramref name="n"/> (three or five: the two never share a key,
    /// since a five-set's is at least n³ and a triple's below it).</summary>
    internal static long Key(int[] practices, int n)
    {
        long key = 0;
        foreach (int i in practices) key = key * n + i;
        return key;
    }

    /// <summary>A cut's coefficient of the candidate <paramref name="set"/> (sorted): ⌊|S ∩ C| / 2⌋ for the cut's practices S
    /// (for a triple, 1 when the candidate holds two or three of them).</summary>
    internal static int Coefficient(int[] set, int[] practices)
    {
        int inside = 0;
        foreach (int i in practices) if (Array.BinarySearch(set, i) >= 0) inside++;
        return inside / 2;
    }

    /// <summary>The columns (indices into <paramref name="holding"/>'s lists) with a positive coefficient in the cut over
    /// <paramref name="practices"/> (those holding at least two of them), and their coefficients ⌊held / 2⌋;
    /// <paramref name="hits"/> is scratch of one entry per column, all zero before and after.</summary>
    internal static (int[] Columns, int[] Coefficients) CutMembers(List<int>[] holding, int[] hits, int[] practices)
    {
        foreach (int i in practices) foreach (int k in holding[i]) hits[k]++;
        var columns = new List<int>();
        var coefficients = new List<int>();
        foreach (int i in practices)
            foreach (int k in holding[i])
            {
                if (hits[k] >= 2)
                {
                    columns.Add(k);
                    coefficients.Add(hits[k] / 2);
                }
                hits[k] = 0;
            }
        return ([.. columns], [.. coefficients]);
    }
}
