namespace Partitioner.Exact;

/// <summary>
/// CP-SAT and SCIP on the same set-partitioning program at once (<see cref="MipEngine.Portfolio"/>): the first proof
/// (optimal or infeasible) stops the other; otherwise the better plan and the better bound of the two. Neither engine
/// wins everywhere (real 2021/22 CCGs, 60 s: SCIP proved 01Y where CP-SAT stopped at 7.5%, and 04C in 13.7 s against
/// CP-SAT's 40.3 s; CP-SAT proved the 22 benchmark areas up to 60 practices faster), so racing them costs a share of the
/// cores and gains the faster proof. Thread-safe.
/// </summary>
internal static class SetPartitionRace
{
    public static SatSetPartition.Outcome Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, int[] columns,
        int minCount, int maxCount, int countSense, int[]? hint, ExactOptions options, TimeSpan limit,
        Partitioner.Core.Geography.AdjacencyGraph? graph = null)
    {
        using var stop = new CancellationTokenSource();
        SatSetPartition.Outcome Run(MipEngine engine)
        {
            var outcome = engine == MipEngine.Scip
                ? ScipSetPartition.Solve(practiceCount, candidates, cost, columns, minCount, maxCount, countSense, hint, options, limit, stop.Token)
                : SatSetPartition.Solve(practiceCount, candidates, cost, columns, minCount, maxCount, countSense, hint, options, limit, stop.Token, graph);
            if (outcome.Status != EngineStatus.Stopped) stop.Cancel();
            return outcome;
        }
        var scip = Task.Run(() => Run(MipEngine.Scip));
        var sat = Run(MipEngine.CpSat);
        var other = scip.GetAwaiter().GetResult();
        // A proof from either stands; CP-SAT's first when both prove (they agree on the optimum's cost).
        if (sat.Status != EngineStatus.Stopped) return sat;
        if (other.Status != EngineStatus.Stopped) return other;
        var best = Better(sat, other, cost, countSense);
        return best with { Bound = MaxBound(sat.Bound, other.Bound) };
    }

    private static SatSetPartition.Outcome Better(SatSetPartition.Outcome a, SatSetPartition.Outcome b, double[] cost, int countSense)
    {
        if (a.Chosen is null) return b;
        if (b.Chosen is null) return a;
        return Value(b.Chosen, cost, countSense) < Value(a.Chosen, cost, countSense) ? b : a;
    }

    private static double Value(int[] chosen, double[] cost, int countSense)
    {
        if (countSense != 0) return countSense * chosen.Length;
        double sum = 0;
        foreach (int c in chosen) sum += cost[c];
        return sum;
    }

    private static double MaxBound(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);
}
