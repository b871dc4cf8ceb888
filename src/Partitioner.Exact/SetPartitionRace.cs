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
    /// <summary>
    /// How long after its grant the race waits for an engine that has been told to stop. Under load the engines come back
    /// late (CCG 00T, 24,000 candidates, 30 s, load average 7.4: SCIP 0.7 s and CP-SAT 1.7 s after the grant, CP-SAT 3.2 s
    /// after its own shortened limit); an engine not back by then is left to finish on its own and its latest plan is used.
    /// </summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(0.25);

    /// <summary>
    /// CP-SAT's side of the race. SCIP holds one core, so unless the caller chose CP-SAT's workers, CP-SAT runs its
    /// LP-led strategies on the cores left (<see cref="SatEngine.LpLedSearch"/>; on 2 cores, one worker at linearization
    /// level 2) rather than its full portfolio of 8 workers sharing them. The real 2021/22 CCGs at 60 s (tools/
    /// Partitioner.Bench.Exact/RESULTS.md, twelfth part): B2M3M proven where the portfolio stopped at a gap of 14%.
    /// </summary>
    internal static ExactOptions SatSide(ExactOptions options) =>
        options.Workers > 0 ? options : SatEngine.LpLedSearch(options, Math.Max(1, Environment.ProcessorCount - 1));

    public static SatSetPartition.Outcome Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, int[] columns,
        int minCount, int maxCount, int countSense, int[]? hint, ExactOptions options, TimeSpan limit,
        Partitioner.Core.Geography.AdjacencyGraph? graph = null)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Not disposed here: an engine left running past the grace still holds it.
        var stop = new CancellationTokenSource();
        var progress = new SatSetPartition.Progress();
        var satOptions = SatSide(options);
        SatSetPartition.Outcome Run(MipEngine engine)
        {
            var outcome = engine == MipEngine.Scip
                ? ScipSetPartition.Solve(practiceCount, candidates, cost, columns, minCount, maxCount, countSense, hint, options, limit, stop.Token)
                : SatSetPartition.Solve(practiceCount, candidates, cost, columns, minCount, maxCount, countSense, hint, satOptions, limit, stop.Token, graph, progress);
            if (outcome.Status != EngineStatus.Stopped) stop.Cancel();
            // When each engine came back (against its grant) is part of the solve's phase record.
            options.Budget?.Grant(engine == MipEngine.Scip ? "SCIP returned" : "CP-SAT returned", 0);
            return outcome;
        }
        var scip = Task.Run(() => Run(MipEngine.Scip));
        var sat = Task.Run(() => Run(MipEngine.CpSat));
        var both = Task.WhenAll(scip, sat);
        // Both are told to stop at the grant; past it and the grace, whatever has come back is the answer.
        var wait = limit - System.Diagnostics.Stopwatch.GetElapsedTime(started) + StopGrace;
        if (!both.Wait(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
        {
            stop.Cancel();
            _ = both.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
            options.Budget?.Grant("engines left to stop on their own", 0);
            var back = new List<SatSetPartition.Outcome>();
            if (scip.IsCompletedSuccessfully) back.Add(scip.Result);
            back.Add(sat.IsCompletedSuccessfully ? sat.Result : progress.Latest ?? new SatSetPartition.Outcome(EngineStatus.Stopped, null, double.NaN));
            return Combine(back[0], back[^1], cost, countSense);
        }
        stop.Dispose();
        return Combine(sat.Result, scip.Result, cost, countSense);
    }

    /// <summary>A proof from either stands (CP-SAT's first: they agree on the optimum's cost); else the better plan and bound.</summary>
    private static SatSetPartition.Outcome Combine(SatSetPartition.Outcome sat, SatSetPartition.Outcome other, double[] cost, int countSense)
    {
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
