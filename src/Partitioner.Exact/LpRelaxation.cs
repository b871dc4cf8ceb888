using Google.OrTools.LinearSolver;

namespace Partitioner.Exact;

/// <summary>
/// The LP relaxation of the set-partitioning program at one count, solved by GLOP (Google.OrTools' simplex): its
/// optimum, the column values and the reduced costs that <see cref="ReducedCostFixing"/> uses. Thread-safe (one GLOP
/// instance per call).
/// </summary>
internal static class LpRelaxation
{
    /// <summary>The relaxation's answer: status, objective, column values and reduced costs (one per column).</summary>
    public sealed record Answer(EngineStatus Status, double Objective, double[] Values, double[] ReducedCosts);

    /// <summary>Solves min Σ cost z, each practice covered once, count in [<paramref name="minCount"/>, <paramref name="maxCount"/>], 0 ≤ z ≤ 1.</summary>
    public static Answer Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, ReadOnlySpan<int> columns,
        int minCount, int maxCount, TimeSpan limit, CancellationToken stop = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google.OrTools did not provide its GLOP linear solver.");
        lp.SetTimeLimit(SatEngine.Milliseconds(limit));
        var rows = new Constraint[practiceCount];
        for (int i = 0; i < practiceCount; i++) rows[i] = lp.MakeConstraint(1, 1, "");
        bool countRow = minCount > 1 || maxCount < practiceCount;
        var count = countRow ? lp.MakeConstraint(minCount, maxCount, "") : null;
        var objective = lp.Objective();
        var z = new Variable[columns.Length];
        for (int k = 0; k < columns.Length; k++)
        {
            z[k] = lp.MakeNumVar(0, 1, "");
            objective.SetCoefficient(z[k], cost[columns[k]]);
            foreach (int i in candidates[columns[k]]) rows[i].SetCoefficient(z[k], 1);
            count?.SetCoefficient(z[k], 1);
        }
        objective.SetMinimization();
        lp.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
        Solver.ResultStatus status;
        using (stop.Register(() => lp.InterruptSolve())) status = lp.Solve();
        if (status == Solver.ResultStatus.INFEASIBLE) return new Answer(EngineStatus.Infeasible, double.NaN, [], []);
        if (status != Solver.ResultStatus.OPTIMAL) return new Answer(EngineStatus.Stopped, double.NaN, [], []);
        var values = new double[columns.Length];
        var reduced = new double[columns.Length];
        for (int k = 0; k < columns.Length; k++)
        {
            values[k] = z[k].SolutionValue();
            reduced[k] = z[k].ReducedCost();
        }
        return new Answer(EngineStatus.Optimal, objective.Value(), values, reduced);
    }
}
