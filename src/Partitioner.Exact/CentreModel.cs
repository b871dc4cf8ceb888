using Google.OrTools.Sat;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// The centre-based model with single-commodity-flow contiguity (Shirabe 2005 style), on CP-SAT.
/// x[i,j] = 1 when practice i belongs to the consortium whose centre is practice j; x[j,j] is "j is a centre".
/// The centre is the consortium's lowest-index member (symmetry breaking), so x[i,j] exists only for i ≥ j.
/// Exact reductions only: i is a candidate for centre j when some path from j to i through practices with
/// index ≥ j (and compatible locks) carries at most the maximum population, because every contiguous
/// consortium containing both contains such a path.
/// Flow: centre j sends one unit to each other member along arcs inside its consortium (integer flows exist whenever
/// real ones do, so CP-SAT's integer variables lose nothing): f[a→b,j] ≤ m·x[a,j], f[a→b,j] ≤ m·x[b,j],
/// inflow − outflow = x[i,j] for i ≠ j, no arc into j. Patients, balance sums and costs are scaled to integers
/// (<see cref="IntegerRow"/>, <see cref="SatEngine.Scale"/>); the fallback when the valid consortia are too many to list.
/// </summary>
internal sealed class CentreModel
{
    /// <summary>Largest scaled coefficient of a balance row: its rounding then moves a consortium's mean by under 10⁻⁸.</summary>
    private const double LargestBalanceCoefficient = 1e11;

    private readonly CpModel _model;
    private readonly Dictionary<long, BoolVar> _x;
    private readonly double _scale;
    private readonly int _countSense;

    private CentreModel(Problem problem, CpModel model, List<int>[] candidates, Dictionary<long, BoolVar> x, double scale, int countSense)
    {
        Problem = problem;
        _model = model;
        Candidates = candidates;
        _x = x;
        _scale = scale;
        _countSense = countSense;
    }

    public Problem Problem { get; }
    /// <summary>Candidates (ascending) per centre j.</summary>
    public List<int>[] Candidates { get; }

    private static long Key(int i, int j) => ((long)i << 32) | (uint)j;

    /// <summary>Builds the model; with <paramref name="countSense"/> ≠ 0 the objective is ±(number of consortia) instead of compactness.</summary>
    public static CentreModel Build(Problem problem, int minCount, int maxCount, int countSense = 0)
    {
        int n = problem.PracticeCount;
        var rules = problem.Rules;
        var model = new CpModel();
        var candidates = new List<int>[n];
        var x = new Dictionary<long, BoolVar>();
        var terms = new List<BoolVar>();
        var costs = new List<double>();
        for (int j = 0; j < n; j++)
        {
            candidates[j] = ReachableWithinMax(problem, j);
            foreach (int i in candidates[j])
            {
                var v = model.NewBoolVar("");
                x[Key(i, j)] = v;
                terms.Add(v);
                costs.Add(problem.Patients[i] * Compactness.SquaredKm(problem, i, j));
            }
        }

        // Every practice in exactly one consortium.
        var assign = new List<BoolVar>[n];
        for (int i = 0; i < n; i++) assign[i] = new List<BoolVar>();
        for (int j = 0; j < n; j++)
            foreach (int i in candidates[j]) assign[i].Add(x[Key(i, j)]);
        for (int i = 0; i < n; i++) model.AddExactlyOne(assign[i]);

        // Count of centres.
        var centres = new BoolVar[n];
        for (int j = 0; j < n; j++) centres[j] = x[Key(j, j)];
        model.AddLinearConstraint(LinearExpr.Sum(centres), minCount, maxCount);

        var patients = IntegerPatients(problem, out double patientScale);
        long minUnits = rules.MinPatients > 0 ? (long)Math.Ceiling(RuleCheck.Lowest(rules.MinPatients) * patientScale) : 0;
        long maxUnits = (long)Math.Floor(RuleCheck.Highest(rules.MaxPatients) * patientScale);
        var balance = BalanceRule.Of(problem);
        var vars = new List<BoolVar>();
        var values = new List<double>();
        for (int j = 0; j < n; j++)
        {
            var cand = candidates[j];
            var yj = centres[j];
            long candUnits = 0;
            foreach (int i in cand) candUnits += patients[i];

            // Members need an open centre.
            foreach (int i in cand) if (i != j) model.AddImplication(x[Key(i, j)], yj);

            // Population bounds: Σ pᵢ x[i,j] within [min, max]·y[j].
            if (minUnits > 0 || candUnits > maxUnits)
            {
                var sum = LinearExpr.NewBuilder(cand.Count + 1);
                foreach (int i in cand) if (i != j) sum.AddTerm(x[Key(i, j)], patients[i]);
                if (minUnits > 0) model.Add(LinearExpr.NewBuilder().Add(sum).AddTerm(yj, patients[j] - minUnits) >= 0);
                if (candUnits > maxUnits) model.Add(LinearExpr.NewBuilder().Add(sum).AddTerm(yj, patients[j] - maxUnits) <= 0);
            }

            // Balance: Σ pᵢ(vᵢ − mean ∓ deviation) x[i,j] within 0, over counted practices.
            foreach (var b in balance)
            {
                for (int sign = -1; sign <= 1; sign += 2)
                {
                    vars.Clear();
                    values.Clear();
                    foreach (int i in cand)
                    {
                        double v = b.PerPatient[i];
                        if (double.IsNaN(v)) continue;
                        vars.Add(x[Key(i, j)]);
                        values.Add(problem.Patients[i] * (v - b.Mean + sign * b.Deviation));
                    }
                    if (vars.Count == 0) continue;
                    var row = LinearExpr.WeightedSum(vars, IntegerRow(values));
                    if (sign < 0) model.Add(row <= 0);
                    else model.Add(row >= 0);
                }
            }

            AddLocks(problem, model, j, cand, x);
            AddFlow(problem, model, j, cand, x);
        }

        double scale = 1;
        if (countSense > 0) model.Minimize(LinearExpr.Sum(centres));
        else if (countSense < 0) model.Maximize(LinearExpr.Sum(centres));
        else model.Minimize(LinearExpr.WeightedSum(terms, SatEngine.Scale(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(costs), out scale)));
        return new CentreModel(problem, model, candidates, x, scale, countSense);
    }

    /// <summary>
    /// Solves within <paramref name="limit"/>, hinted with <paramref name="warm"/> (a plan in range); returns the plan
    /// (consortia numbered in order of their centre) and the bound in patient·km² (or consortia for a count objective).
    /// </summary>
    public ReducedCostFixing.Outcome Solve(int[]? warm, ExactOptions options, TimeSpan limit)
    {
        if (warm is not null)
        {
            foreach (var members in Compactness.Groups(warm))
            {
                int centre = members[0];
                foreach (int i in members)
                    if (_x.TryGetValue(Key(i, centre), out var v)) _model.AddHint(v, true);
            }
        }
        var (status, solver) = SatEngine.Solve(_model, options, limit);
        using (solver)
        {
            if (status == EngineStatus.Infeasible) return new ReducedCostFixing.Outcome(status, null, double.NaN);
            int[]? plan = SatEngine.HasSolution(solver) ? Decode(solver) : null;
            double bound = solver.BestObjectiveBound;
            if (!double.IsFinite(bound)) bound = double.NaN;
            else if (_countSense == 0) bound = Math.Max(0, (bound - 0.5 * Problem.PracticeCount) / _scale); // one rounded term per practice
            else if (_countSense < 0) bound = -bound;
            return new ReducedCostFixing.Outcome(status, plan, bound);
        }
    }

    /// <summary>Whether <paramref name="warm"/>'s consortia are all expressible (each within its centre's candidates).</summary>
    public bool Accepts(int[] warm)
    {
        if (warm.Length != Problem.PracticeCount) return false;
        foreach (var members in Compactness.Groups(warm))
            foreach (int i in members)
                if (!_x.ContainsKey(Key(i, members[0]))) return false;
        return true;
    }

    private int[] Decode(CpSolver solver)
    {
        int n = Problem.PracticeCount;
        var centreOf = new int[n];
        Array.Fill(centreOf, -1);
        for (int j = 0; j < n; j++)
            foreach (int i in Candidates[j])
                if (solver.BooleanValue(_x[Key(i, j)])) centreOf[i] = j;
        var label = new int[n];
        Array.Fill(label, -1);
        int next = 0;
        var plan = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = centreOf[i];
            if (c < 0) throw new InvalidOperationException($"The exact solver's solution leaves practice {i} unassigned.");
            if (label[c] < 0) label[c] = next++;
            plan[i] = label[c];
        }
        return plan;
    }

    /// <summary>List sizes as integers: as they are when whole (every real list), else in hundredths of a patient.</summary>
    internal static long[] IntegerPatients(Problem problem, out double scale)
    {
        scale = 1;
        foreach (double p in problem.Patients) if (p != Math.Floor(p)) { scale = 100; break; }
        var units = new long[problem.PracticeCount];
        for (int i = 0; i < units.Length; i++) units[i] = (long)Math.Round(problem.Patients[i] * scale);
        return units;
    }

    /// <summary>A row's real coefficients as integers of the same signs and ratios, the largest about 10¹¹.</summary>
    internal static long[] IntegerRow(List<double> values)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        double scale = largest > 0 ? LargestBalanceCoefficient / largest : 1;
        var row = new long[values.Count];
        for (int k = 0; k < row.Length; k++) row[k] = (long)Math.Round(values[k] * scale);
        return row;
    }

    /// <summary>
    /// Candidates of centre j: practices i ≥ j reachable from j through practices ≥ j whose node-weighted
    /// shortest path (patients, both ends included) is within the maximum, skipping practices whose lock
    /// conflicts with j's. Dijkstra with a sorted set; instances here are small.
    /// </summary>
    private static List<int> ReachableWithinMax(Problem problem, int j)
    {
        int n = problem.PracticeCount;
        var p = problem.Patients;
        double max = RuleCheck.Highest(problem.Rules.MaxPatients);
        int lockJ = problem.Locked[j];
        var dist = new double[n];
        Array.Fill(dist, double.PositiveInfinity);
        var result = new List<int>();
        if (p[j] > max) return result;
        dist[j] = p[j];
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(j, dist[j]);
        var done = new bool[n];
        while (queue.TryDequeue(out int v, out double d))
        {
            if (done[v] || d > dist[v]) continue;
            done[v] = true;
            result.Add(v);
            foreach (int w in problem.Graph.Neighbours(v))
            {
                if (w < j || done[w]) continue;
                if (lockJ >= 0 && problem.Locked[w] >= 0 && problem.Locked[w] != lockJ) continue;
                double nd = d + p[w];
                if (nd > max || nd >= dist[w]) continue;
                dist[w] = nd;
                queue.Enqueue(w, nd);
            }
        }
        result.Sort();
        return result;
    }

    /// <summary>Same-name locked practices share a consortium; different names stay apart.</summary>
    private static void AddLocks(Problem problem, CpModel model, int j, List<int> cand, Dictionary<long, BoolVar> x)
    {
        bool any = false;
        foreach (int l in problem.Locked) any |= l >= 0;
        if (!any) return;
        // First member of each lock name in the whole area, in name order for a deterministic model.
        var first = new SortedDictionary<int, int>();
        for (int i = 0; i < problem.PracticeCount; i++)
        {
            int l = problem.Locked[i];
            if (l >= 0) first.TryAdd(l, i);
        }
        var inCand = new HashSet<int>(cand);
        var representatives = new List<BoolVar>();
        foreach (var (l, a) in first)
        {
            bool aHere = inCand.Contains(a);
            for (int i = a + 1; i < problem.PracticeCount; i++)
            {
                if (problem.Locked[i] != l) continue;
                bool iHere = inCand.Contains(i);
                if (aHere && iHere)
                {
                    model.AddImplication(x[Key(i, j)], x[Key(a, j)]);
                    model.AddImplication(x[Key(a, j)], x[Key(i, j)]);
                }
                else if (aHere) model.AddBoolAnd([x[Key(a, j)].Not()]); // i cannot join j, so a cannot either
                else if (iHere) model.AddBoolAnd([x[Key(i, j)].Not()]);
            }
            if (aHere) representatives.Add(x[Key(a, j)]);
        }
        if (representatives.Count > 1) model.AddAtMostOne(representatives);
    }

    private static void AddFlow(Problem problem, CpModel model, int j, List<int> cand, Dictionary<long, BoolVar> x)
    {
        if (cand.Count <= 1) return;
        // Largest number of non-centre members: fill with the smallest practices up to the maximum.
        var sizes = new List<double>(cand.Count);
        foreach (int i in cand) if (i != j) sizes.Add(problem.Patients[i]);
        sizes.Sort();
        double room = RuleCheck.Highest(problem.Rules.MaxPatients) - problem.Patients[j];
        int m = 0;
        foreach (double s in sizes)
        {
            if (s > room) break;
            room -= s;
            m++;
        }
        if (m == 0)
        {
            foreach (int i in cand) if (i != j) model.AddBoolAnd([x[Key(i, j)].Not()]);
            return;
        }
        var inCand = new HashSet<int>(cand);
        var balance = new Dictionary<int, LinearExprBuilder>();
        foreach (int i in cand) balance[i] = LinearExpr.NewBuilder();
        foreach (int a in cand)
        {
            foreach (int b in problem.Graph.Neighbours(a))
            {
                if (b == j || !inCand.Contains(b)) continue;
                var f = model.NewIntVar(0, m, "");
                balance[a].AddTerm(f, -1);
                balance[b].AddTerm(f, 1);
                model.Add(LinearExpr.NewBuilder().Add(f).AddTerm(x[Key(b, j)], -m) <= 0);
                if (a != j) model.Add(LinearExpr.NewBuilder().Add(f).AddTerm(x[Key(a, j)], -m) <= 0);
            }
        }
        foreach (int i in cand)
        {
            if (i == j) continue;
            model.Add(balance[i].AddTerm(x[Key(i, j)], -1) == 0);
        }
    }
}
