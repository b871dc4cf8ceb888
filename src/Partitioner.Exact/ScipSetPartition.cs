using Google.OrTools.LinearSolver;

namespace Partitioner.Exact;

/// <summary>
/// The set-partitioning program of <see cref="SatSetPartition"/> on SCIP (Google.OrTools' LP-based branch and cut, one
/// thread): the same model, answer and bound. Thread-safe (one SCIP instance per call).
/// </summary>
internal static class ScipSetPartition
{
    /// <summary>Solves like <see cref="SatSetPartition.Solve"/>; <paramref name="stop"/> interrupts SCIP.</summary>
    public static SatSetPartition.Outcome Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, ReadOnlySpan<int> columns,
        int minCount, int maxCount, int countSense, int[]? hint, ExactOptions options, TimeSpan limit, CancellationToken stop = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var mip = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("Google.OrTools did not provide its SCIP solver.");
        mip.SetTimeLimit(SatEngine.Milliseconds(limit));
        if (options.RelativeGap > 0)
        {
            using var p = new MPSolverParameters();
            p.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.RelativeGap);
        }
        var rows = new Constraint[practiceCount];
        for (int i = 0; i < practiceCount; i++) rows[i] = mip.MakeConstraint(1, 1, "");
        int lo = Math.Max(minCount, 1), hi = Math.Min(maxCount, practiceCount);
        if (lo > hi) return new SatSetPartition.Outcome(EngineStatus.Infeasible, null, double.NaN);
        var count = lo > 1 || hi < practiceCount ? mip.MakeConstraint(lo, hi, "") : null;
        var objective = mip.Objective();
        var z = new Variable[columns.Length];
        var covered = new bool[practiceCount];
        for (int k = 0; k < columns.Length; k++)
        {
            z[k] = mip.MakeBoolVar("");
            objective.SetCoefficient(z[k], countSense == 0 ? cost[columns[k]] : countSense);
            foreach (int i in candidates[columns[k]])
            {
                rows[i].SetCoefficient(z[k], 1);
                covered[i] = true;
            }
            count?.SetCoefficient(z[k], 1);
        }
        foreach (bool c in covered) if (!c) return new SatSetPartition.Outcome(EngineStatus.Infeasible, null, double.NaN);
        objective.SetMinimization();
        if (hint is not null)
        {
            var chosen = new HashSet<int>(hint);
            var vector = new MPVariableVector();
            var values = new double[columns.Length];
            for (int k = 0; k < columns.Length; k++)
            {
                vector.Add(z[k]);
                values[k] = chosen.Contains(columns[k]) ? 1 : 0;
            }
            mip.SetHint(vector, values);
        }
        // Building the model counts against the limit too.
        mip.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
        Solver.ResultStatus status;
        using (stop.Register(() => mip.InterruptSolve()))
        using (options.Deadline.Register(() => mip.InterruptSolve()))
            status = mip.Solve();
        if (status == Solver.ResultStatus.INFEASIBLE) return new SatSetPartition.Outcome(EngineStatus.Infeasible, null, double.NaN);
        int[]? picked = null;
        if (status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)
        {
            var list = new List<int>();
            for (int k = 0; k < columns.Length; k++) if (z[k].SolutionValue() > 0.5) list.Add(columns[k]);
            picked = [.. list];
        }
        double bound = picked is null ? double.NaN : objective.BestBound();
        if (countSense < 0 && double.IsFinite(bound)) bound = -bound;
        return new SatSetPartition.Outcome(status == Solver.ResultStatus.OPTIMAL ? EngineStatus.Optimal : EngineStatus.Stopped, picked, bound);
    }
}
