using Google.OrTools.Sat;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// One neighbourhood re-cut on CP-SAT: the practices of a few neighbouring consortia are shared out again among the same
/// consortia. Each consortium keeps its root (its member nearest its centroid) and its locked members and stays
/// contiguous by a single-commodity flow from the root; it keeps within the population bounds, the balance rows
/// (<see cref="BalanceRule"/>) and the deprived-share row; the objective is Σ patients × squared distance to the
/// consortium's current centroid. Any plan better on that objective is also more compact about its own centroids (a
/// centroid is the point of least inertia), so an improving answer always lowers the heuristic's compactness.
/// </summary>
internal static class GroupRecut
{
    /// <summary>What every re-cut of one problem reads, built once: list sizes as integers, the balance rows' rules and the
    /// rule check (its area baseline sorts every practice for the median).</summary>
    public sealed record Rows(long[] Patients, double PatientScale, List<BalanceRule> Balance, ConsortiumCheck Check)
    {
        public static Rows Of(Problem problem, ConsortiumCheck check) =>
            new(CentreModel.IntegerPatients(problem, out double scale), scale, BalanceRule.Of(problem), check);
    }

    /// <summary>
    /// Re-cuts <paramref name="region"/> (the members of <paramref name="consortia"/> under <paramref name="plan"/>),
    /// hinted with the current plan. Returns the consortium (a value of <paramref name="consortia"/>) of each region
    /// practice, or null without a solution; <paramref name="deterministicSeconds"/> is CP-SAT's work measure used.
    /// </summary>
    public static int[]? Solve(Problem problem, Rows rows, ReadOnlySpan<int> plan, int[] consortia, int[] region, ExactOptions options, TimeSpan wallLimit,
        CancellationToken stop, out EngineStatus status, out double deterministicSeconds)
    {
        int m = region.Length, k = consortia.Length;
        var local = new Dictionary<int, int>(m);
        for (int r = 0; r < m; r++) local[region[r]] = r;
        var slot = new int[m];
        for (int r = 0; r < m; r++) slot[r] = Array.IndexOf(consortia, plan[region[r]]);

        var cx = new double[k];
        var cy = new double[k];
        var weight = new double[k];
        for (int r = 0; r < m; r++)
        {
            int i = region[r], j = slot[r];
            double p = problem.Patients[i];
            cx[j] += p * problem.X[i];
            cy[j] += p * problem.Y[i];
            weight[j] += p;
        }
        for (int j = 0; j < k; j++)
        {
            cx[j] /= weight[j];
            cy[j] /= weight[j];
        }

        var model = new CpModel();
        var x = new BoolVar[m, k];
        var row = new BoolVar[k];
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < k; j++) row[j] = x[r, j] = model.NewBoolVar("");
            model.AddExactlyOne(row);
        }

        // Each consortium keeps its root, the member nearest its centroid (ties: the lowest index): the source of its
        // flow. A free root would let the solver move a consortium wholesale, but the symmetry makes the model far slower
        // (real England ±15%, 30 work-seconds: 3 of 32 pairs proven against about half with fixed roots).
        var root = new int[k];
        for (int j = 0; j < k; j++)
        {
            double nearest = double.PositiveInfinity;
            for (int r = 0; r < m; r++)
            {
                if (slot[r] != j) continue;
                double d = Squared(problem, region[r], cx[j], cy[j]);
                if (d < nearest) { nearest = d; root[j] = r; }
            }
            model.Add(x[root[j], j] == 1);
        }
        for (int r = 0; r < m; r++)
            if (problem.Locked[region[r]] >= 0) model.Add(x[r, slot[r]] == 1);

        AddFlows(problem, model, region, local, x, root);
        AddTotals(problem, rows, model, region, x);

        var costs = new double[m * k];
        var terms = new BoolVar[m * k];
        for (int r = 0; r < m; r++)
            for (int j = 0; j < k; j++)
            {
                terms[r * k + j] = x[r, j];
                costs[r * k + j] = problem.Patients[region[r]] * Squared(problem, region[r], cx[j], cy[j]);
                model.AddHint(x[r, j], slot[r] == j);
            }
        model.Minimize(LinearExpr.WeightedSum(terms, SatEngine.Scale(costs, out _)));

        var (engineStatus, solver) = SatEngine.Solve(model, options, wallLimit, stop);
        using (solver)
        {
            status = engineStatus;
            deterministicSeconds = solver.Response?.DeterministicTime ?? 0;
            if (!SatEngine.HasSolution(solver)) return null;
            var answer = new int[m];
            for (int r = 0; r < m; r++)
                for (int j = 0; j < k; j++)
                    if (solver.BooleanValue(x[r, j])) answer[r] = consortia[j];
            return answer;
        }
    }

    /// <summary>
    /// Each consortium's root sends one unit to every other member along arcs inside the consortium: every member but the
    /// root takes in one unit more than it sends on, so every member is reached from the root.
    /// </summary>
    private static void AddFlows(Problem problem, CpModel model, int[] region, Dictionary<int, int> local, BoolVar[,] x, int[] root)
    {
        int m = region.Length, k = root.Length;
        for (int j = 0; j < k; j++)
        {
            var net = new LinearExprBuilder[m];
            for (int r = 0; r < m; r++) net[r] = LinearExpr.NewBuilder();
            for (int a = 0; a < m; a++)
            {
                foreach (int w in problem.Graph.Neighbours(region[a]))
                {
                    if (!local.TryGetValue(w, out int b) || b == root[j]) continue;
                    var f = model.NewIntVar(0, m - 1, "");
                    net[a].AddTerm(f, -1);
                    net[b].AddTerm(f, 1);
                    model.Add(LinearExpr.NewBuilder().Add(f).AddTerm(x[b, j], -(m - 1)) <= 0);
                    if (a != root[j]) model.Add(LinearExpr.NewBuilder().Add(f).AddTerm(x[a, j], -(m - 1)) <= 0);
                }
            }
            for (int r = 0; r < m; r++)
                if (r != root[j]) model.Add(net[r].AddTerm(x[r, j], -1) == 0);
        }
    }

    /// <summary>Population bounds, the balance rows and the deprived-share row of every consortium of the group.</summary>
    private static void AddTotals(Problem problem, Rows rows, CpModel model, int[] region, BoolVar[,] x)
    {
        int m = region.Length, k = x.GetLength(1);
        var rules = problem.Rules;
        var (all, patientScale, balance, check) = rows;
        var patients = new long[m];
        for (int r = 0; r < m; r++) patients[r] = all[region[r]];
        long minUnits = (long)Math.Ceiling(RuleCheck.Lowest(rules.MinPatients) * patientScale);
        long maxUnits = (long)Math.Floor(RuleCheck.Highest(rules.MaxPatients) * patientScale);
        var vars = new List<BoolVar>(m);
        var values = new List<double>(m);
        var column = new BoolVar[m];
        for (int j = 0; j < k; j++)
        {
            for (int r = 0; r < m; r++) column[r] = x[r, j];
            model.AddLinearConstraint(LinearExpr.WeightedSum(column, patients), Math.Max(0, minUnits), maxUnits);
            foreach (var b in balance)
            {
                for (int sign = -1; sign <= 1; sign += 2)
                {
                    vars.Clear();
                    values.Clear();
                    for (int r = 0; r < m; r++)
                    {
                        double v = b.PerPatient[region[r]];
                        if (double.IsNaN(v)) continue;
                        vars.Add(x[r, j]);
                        values.Add(problem.Patients[region[r]] * (v - b.Mean + sign * b.Deviation));
                    }
                    if (vars.Count == 0) continue;
                    var sum = LinearExpr.WeightedSum(vars, CentreModel.IntegerRow(values));
                    if (sign < 0) model.Add(sum <= 0);
                    else model.Add(sum >= 0);
                }
            }
            if (check.Rules.ShareRule)
            {
                // Deprived patients (practices above the area's median deprivation) at least MinShare of all patients.
                vars.Clear();
                values.Clear();
                double median = check.Rules.Area.DeprivationMedian;
                for (int r = 0; r < m; r++)
                {
                    double d = problem.Deprivation[region[r]];
                    double deprived = !double.IsNaN(d) && d > median ? 1 : 0;
                    vars.Add(x[r, j]);
                    values.Add(problem.Patients[region[r]] * (deprived - check.Rules.MinShare));
                }
                model.Add(LinearExpr.WeightedSum(vars, CentreModel.IntegerRow(values)) >= 0);
            }
        }
    }

    private static double Squared(Problem problem, int i, double x, double y)
    {
        double dx = problem.X[i] - x, dy = problem.Y[i] - y;
        return (dx * dx + dy * dy) / 1e6;
    }
}
