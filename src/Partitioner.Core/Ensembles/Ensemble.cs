namespace Partitioner.Core.Ensembles;

/// <summary>
/// A sampled ensemble of valid plans: per recorded plan its chain, step and statistics (<see cref="PlanColumns"/>),
/// every plan's assignment (compressed, per chain), how often each pair of neighbouring practices shared a consortium,
/// and the chains' accounts and convergence. Plans are in chain order, then record order. Immutable.
/// </summary>
public sealed class Ensemble
{
    internal Ensemble(IReadOnlyList<string> practiceCodes, int count, ulong seed, int thin, long burnIn, double[][] columns,
        int[] planChain, long[] planStep, IReadOnlyList<AssignmentRows> rows, int[] edgeFrom, int[] edgeTo, int[] together,
        IReadOnlyList<ChainSummary> chains, int distinctPlans, double elapsedSeconds)
    {
        PracticeCodes = practiceCodes;
        Count = count;
        Seed = seed;
        Thin = thin;
        BurnIn = burnIn;
        Columns = columns;
        PlanChain = planChain;
        PlanStep = planStep;
        Rows = rows;
        EdgeFrom = edgeFrom;
        EdgeTo = edgeTo;
        Together = together;
        Chains = chains;
        DistinctPlans = distinctPlans;
        ElapsedSeconds = elapsedSeconds;
        var perColumn = new List<IReadOnlyList<double[]>>(columns.Length);
        for (int c = 0; c < columns.Length; c++) perColumn.Add(ByChain(c));
        Convergence = ConvergenceReport.Of(PlanColumns.Names, perColumn, chains.Count);
    }

    /// <summary>Practice codes in the order of every assignment row.</summary>
    public IReadOnlyList<string> PracticeCodes { get; }

    /// <summary>Consortia in every plan.</summary>
    public int Count { get; }

    public ulong Seed { get; }
    public int Thin { get; }
    public long BurnIn { get; }

    /// <summary>Recorded plans.</summary>
    public int Plans => PlanChain.Length;

    /// <summary>Statistics: <c>Columns[column][plan]</c>, columns as in <see cref="PlanColumns.Names"/>.</summary>
    public double[][] Columns { get; }

    /// <summary>Chain of each plan, and the chain step at which it was recorded.</summary>
    public int[] PlanChain { get; }
    public long[] PlanStep { get; }

    /// <summary>Each chain's recorded assignments.</summary>
    public IReadOnlyList<AssignmentRows> Rows { get; }

    /// <summary>Neighbouring practice pairs (indices into <see cref="PracticeCodes"/>, from &lt; to) and in how many
    /// recorded plans each pair shared a consortium.</summary>
    public int[] EdgeFrom { get; }
    public int[] EdgeTo { get; }
    public int[] Together { get; }

    public IReadOnlyList<ChainSummary> Chains { get; }

    /// <summary>Recorded plans that differ from every other recorded plan (by a 64-bit hash of the canonical row).</summary>
    public int DistinctPlans { get; }

    /// <summary>Wall time of the run that sampled it (starting plans and sampling).</summary>
    public double ElapsedSeconds { get; }

    public ConvergenceReport Convergence { get; }

    /// <summary>Share of all steps that moved a plan.</summary>
    public double AcceptanceRate
    {
        get
        {
            long steps = Chains.Sum(c => c.Steps), accepted = Chains.Sum(c => c.Accepted);
            return steps > 0 ? (double)accepted / steps : double.NaN;
        }
    }

    /// <summary>One column's values split by chain, in record order.</summary>
    public IReadOnlyList<double[]> ByChain(int column)
    {
        var result = new List<double[]>(Chains.Count);
        int at = 0;
        foreach (var chain in Chains)
        {
            result.Add(Columns[column].AsSpan(at, chain.Plans).ToArray());
            at += chain.Plans;
        }
        return result;
    }

    /// <summary>Decompresses every plan in order, calling <paramref name="plan"/> with its index and its consortium
    /// number per practice (0..<see cref="Count"/>−1; the array is reused).</summary>
    public void ForEachPlan(Action<int, int[]> plan)
    {
        int offset = 0;
        foreach (var rows in Rows)
        {
            int start = offset;
            rows.ForEach((p, row) => plan(start + p, row));
            offset += rows.Plans;
        }
    }
}
