using Google.OrTools.Sat;

namespace Partitioner.Exact;

/// <summary>
/// The set-partitioning program on CP-SAT: one Boolean per candidate consortium, every practice in exactly one chosen
/// candidate, the number chosen within a range, and the least total cost (or the fewest or most consortia).
/// Shared by exact mode (<see cref="SetPartitionModel"/>) and <see cref="PoolRecombination"/>. Thread-safe.
/// </summary>
internal static class SatSetPartition
{
    /// <summary>How a solve ended: the chosen candidates (indices into the candidate list, null without a plan) and the
    /// proven lower bound on the objective in the costs' own units (NaN when unknown).</summary>
    public sealed record Outcome(EngineStatus Status, int[]? Chosen, double Bound);

    /// <summary>
    /// The latest plan CP-SAT found while it searched (as a stopped outcome with its bound at that moment), for a caller that
    /// cannot wait for CP-SAT to come back (<see cref="SetPartitionRace"/>). Thread-safe.
    /// </summary>
    public sealed class Progress
    {
        private readonly Lock _gate = new();
        private Outcome? _latest;

        /// <summary>The latest plan reported, or null before the first.</summary>
        public Outcome? Latest
        {
            get
            {
                lock (_gate) return _latest;
            }
        }

        internal void Report(Outcome outcome)
        {
            lock (_gate) _latest = outcome;
        }
    }

    /// <summary>Reports each plan CP-SAT finds to a <see cref="Progress"/>.</summary>
    private sealed class Reporter(BoolVar[] z, int[] columns, Func<double, double> bound, Progress progress) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            var chosen = new List<int>();
            for (int k = 0; k < z.Length; k++) if (BooleanValue(z[k])) chosen.Add(columns[k]);
            progress.Report(new Outcome(EngineStatus.Stopped, [.. chosen], bound(BestObjectiveBound())));
        }
    }

    /// <summary>
    /// Solves over <paramref name="columns"/> (indices into <paramref name="candidates"/>). With
    /// <paramref name="countSense"/> ≠ 0 the objective is ±(number of consortia); otherwise Σ cost. The candidates of
    /// <paramref name="hint"/> (indices into <paramref name="candidates"/>, all within <paramref name="columns"/>) are given
    /// to CP-SAT as a complete solution hint.
    /// </summary>
    public static Outcome Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, ReadOnlySpan<int> columns,
        int minCount, int maxCount, int countSense, int[]? hint, ExactOptions options, TimeSpan limit, CancellationToken stop = default,
        Partitioner.Core.Geography.AdjacencyGraph? graph = null, Progress? progress = null)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var coveredBy = new List<BoolVar>[practiceCount];
        for (int i = 0; i < practiceCount; i++) coveredBy[i] = new List<BoolVar>();
        var model = new CpModel();
        var z = new BoolVar[columns.Length];
        var columnCost = new double[columns.Length];
        for (int k = 0; k < columns.Length; k++)
        {
            z[k] = model.NewBoolVar("");
            columnCost[k] = cost[columns[k]];
            foreach (int i in candidates[columns[k]]) coveredBy[i].Add(z[k]);
        }
        for (int i = 0; i < practiceCount; i++)
        {
            if (coveredBy[i].Count == 0) return new Outcome(EngineStatus.Infeasible, null, double.NaN);
            model.AddExactlyOne(coveredBy[i]);
        }
        int lo = Math.Max(minCount, 1), hi = Math.Min(maxCount, practiceCount);
        if (lo > hi) return new Outcome(EngineStatus.Infeasible, null, double.NaN);
        if (lo > 1 || hi < practiceCount) model.AddLinearConstraint(LinearExpr.Sum(z), lo, hi);
        double scale = 1;
        if (countSense != 0)
        {
            var count = LinearExpr.Sum(z);
            if (countSense > 0) model.Minimize(count);
            else model.Maximize(count);
        }
        else
        {
            var scaled = SatEngine.Scale(columnCost, out scale);
            model.Minimize(LinearExpr.WeightedSum(z, scaled));
        }
        if (options.PairBranching && graph is not null) AddPairs(model, graph, candidates, columns, z);
        if (hint is not null)
        {
            var chosen = new HashSet<int>(hint);
            for (int k = 0; k < columns.Length; k++) model.AddHint(z[k], chosen.Contains(columns[k]));
        }

        double Bound(double bound)
        {
            if (!double.IsFinite(bound)) return double.NaN;
            // Every plan has at most hi consortia, each scaled cost off by at most half a unit.
            return countSense == 0 ? Math.Max(0, (bound - 0.5 * hi) / scale) : countSense < 0 ? -bound : bound;
        }
        using var reporter = progress is null ? null : new Reporter(z, columns.ToArray(), Bound, progress);
        // Building the model counts against the limit too.
        var (status, solver) = SatEngine.Solve(model, options, SatEngine.Remaining(limit, started), stop, reporter);
        using (solver)
        {
            if (status == EngineStatus.Infeasible) return new Outcome(status, null, double.NaN);
            int[]? picked = null;
            if (SatEngine.HasSolution(solver))
            {
                var list = new List<int>();
                for (int k = 0; k < columns.Length; k++) if (solver.BooleanValue(z[k])) list.Add(columns[k]);
                picked = [.. list];
            }
            return new Outcome(status, picked, Bound(solver.BestObjectiveBound));
        }
    }

    /// <summary>
    /// Ryan–Foster style decisions: one Boolean per pair of neighbouring practices, "together", equal to the sum of the
    /// chosen candidates holding both, searched first by CP-SAT's fixed-strategy worker.
    /// </summary>
    private static void AddPairs(CpModel model, Partitioner.Core.Geography.AdjacencyGraph graph, IReadOnlyList<int[]> candidates, ReadOnlySpan<int> columns, BoolVar[] z)
    {
        var byPair = new SortedDictionary<long, List<BoolVar>>();
        var inSet = new HashSet<int>();
        for (int k = 0; k < columns.Length; k++)
        {
            var members = candidates[columns[k]];
            inSet.Clear();
            foreach (int i in members) inSet.Add(i);
            foreach (int i in members)
                foreach (int j in graph.Neighbours(i))
                {
                    if (j <= i || !inSet.Contains(j)) continue;
                    long key = ((long)i << 32) | (uint)j;
                    if (!byPair.TryGetValue(key, out var list)) byPair[key] = list = new List<BoolVar>();
                    list.Add(z[k]);
                }
        }
        var together = new List<IntVar>(byPair.Count);
        foreach (var (_, holders) in byPair)
        {
            var t = model.NewBoolVar("");
            model.Add(LinearExpr.Sum(holders) == t);
            together.Add(t);
        }
        model.AddDecisionStrategy(together, DecisionStrategyProto.Types.VariableSelectionStrategy.ChooseFirst,
            DecisionStrategyProto.Types.DomainReductionStrategy.SelectMaxValue);
    }
}
