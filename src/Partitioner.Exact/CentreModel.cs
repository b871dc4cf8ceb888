using System.Globalization;
using Partitioner.Core.Solving;
using Partitioner.Exact.Cbc;

namespace Partitioner.Exact;

/// <summary>
/// The centre-based MIP with single-commodity-flow contiguity (Shirabe 2005 style).
/// x[i,j] = 1 when practice i belongs to the consortium whose centre is practice j; x[j,j] is "j is a centre".
/// The centre is the consortium's lowest-index member (symmetry breaking), so x[i,j] exists only for i ≥ j.
/// Exact reductions only: i is a candidate for centre j when some path from j to i through practices with
/// index ≥ j (and compatible locks) carries at most the maximum population, because every contiguous
/// consortium containing both contains such a path.
/// Flow: centre j sends one unit to each other member along arcs inside its consortium;
/// f[a→b,j] ≤ M·x[a,j], f[a→b,j] ≤ M·x[b,j], inflow − outflow = x[i,j] for i ≠ j, no arc into j.
/// </summary>
internal sealed class CentreModel
{
    private const double ThousandPatients = 1000.0;

    private CentreModel(Problem problem, LinearModel lp, List<int>[] candidates, Dictionary<long, int> xColumn)
    {
        Problem = problem;
        Lp = lp;
        Candidates = candidates;
        XColumn = xColumn;
    }

    public Problem Problem { get; }
    public LinearModel Lp { get; }
    /// <summary>Candidates (ascending) per centre j.</summary>
    public List<int>[] Candidates { get; }
    /// <summary>Column of x[i,j], keyed by <see cref="Key"/>.</summary>
    public Dictionary<long, int> XColumn { get; }

    public static long Key(int i, int j) => ((long)i << 32) | (uint)j;

    public static string XName(int i, int j) => string.Create(CultureInfo.InvariantCulture, $"x_{i}_{j}");

    /// <summary>Builds the model; with <paramref name="countSense"/> ≠ 0 the objective is ±(number of consortia) instead of compactness.</summary>
    public static CentreModel Build(Problem problem, int minCount, int maxCount, int countSense = 0)
    {
        int n = problem.PracticeCount;
        var rules = problem.Rules;
        var p = problem.Patients;
        var lp = new LinearModel();
        var candidates = new List<int>[n];
        var xColumn = new Dictionary<long, int>();
        for (int j = 0; j < n; j++)
        {
            candidates[j] = ReachableWithinMax(problem, j);
            foreach (int i in candidates[j])
            {
                double cost = countSense == 0 ? p[i] * Compactness.SquaredKm(problem, i, j) : i == j ? countSense : 0;
                xColumn[Key(i, j)] = lp.AddBinary(XName(i, j), cost);
            }
        }

        // Every practice in exactly one consortium.
        var assignCols = new List<int>[n];
        for (int i = 0; i < n; i++) assignCols[i] = new List<int>();
        for (int j = 0; j < n; j++)
            foreach (int i in candidates[j]) assignCols[i].Add(xColumn[Key(i, j)]);
        for (int i = 0; i < n; i++) AddRow(lp, assignCols[i], Ones(assignCols[i].Count), 1, 1);

        // Count of centres.
        var centres = new List<int>(n);
        for (int j = 0; j < n; j++) centres.Add(xColumn[Key(j, j)]);
        AddRow(lp, centres, Ones(n), minCount, maxCount);

        var balance = BalanceRule.Of(problem);
        var cols = new List<int>();
        var coefs = new List<double>();
        for (int j = 0; j < n; j++)
        {
            var cand = candidates[j];
            int yj = xColumn[Key(j, j)];
            double candPatients = 0;
            foreach (int i in cand) candPatients += p[i];

            // Members need an open centre.
            foreach (int i in cand)
            {
                if (i == j) continue;
                lp.AddRow([xColumn[Key(i, j)], yj], [1, -1], double.NegativeInfinity, 0);
            }

            // Population bounds in thousands of patients.
            if (rules.MinPatients > 0 || candPatients > rules.MaxPatients)
            {
                Clear(cols, coefs);
                foreach (int i in cand)
                {
                    cols.Add(xColumn[Key(i, j)]);
                    coefs.Add(p[i] / ThousandPatients);
                }
                int last = cols.IndexOf(yj);
                if (rules.MinPatients > 0)
                {
                    coefs[last] = (p[j] - rules.MinPatients) / ThousandPatients;
                    AddRow(lp, cols, coefs, 0, double.PositiveInfinity);
                }
                if (candPatients > rules.MaxPatients)
                {
                    coefs[last] = (p[j] - rules.MaxPatients) / ThousandPatients;
                    AddRow(lp, cols, coefs, double.NegativeInfinity, 0);
                }
            }

            // Balance: Σ pᵢ(vᵢ − mean ∓ deviation) x[i,j] within 0, over counted practices.
            foreach (var b in balance)
            {
                double scale = b.RowScale;
                for (int sign = -1; sign <= 1; sign += 2)
                {
                    Clear(cols, coefs);
                    foreach (int i in cand)
                    {
                        double v = b.PerPatient[i];
                        if (double.IsNaN(v)) continue;
                        cols.Add(xColumn[Key(i, j)]);
                        coefs.Add(p[i] * (v - b.Mean + sign * b.Deviation) * scale);
                    }
                    if (cols.Count == 0) continue;
                    if (sign < 0) AddRow(lp, cols, coefs, double.NegativeInfinity, 0);
                    else AddRow(lp, cols, coefs, 0, double.PositiveInfinity);
                }
            }

            AddLockRows(problem, lp, j, cand, xColumn);
            AddFlow(problem, lp, j, cand, xColumn);
        }
        return new CentreModel(problem, lp, candidates, xColumn);
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
        double max = problem.Rules.MaxPatients + 1e-6;
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
    private static void AddLockRows(Problem problem, LinearModel lp, int j, List<int> cand, Dictionary<long, int> xColumn)
    {
        if (problem.LockNames.Count == 0)
        {
            bool any = false;
            foreach (int l in problem.Locked) any |= l >= 0;
            if (!any) return;
        }
        // First member of each lock name in the whole area, and whether each name is fully available here.
        var first = new Dictionary<int, int>();
        for (int i = 0; i < problem.PracticeCount; i++)
        {
            int l = problem.Locked[i];
            if (l >= 0) first.TryAdd(l, i);
        }
        var inCand = new HashSet<int>(cand);
        var representatives = new List<int>();
        foreach (var (l, a) in first)
        {
            bool aHere = inCand.Contains(a);
            for (int i = a + 1; i < problem.PracticeCount; i++)
            {
                if (problem.Locked[i] != l) continue;
                bool iHere = inCand.Contains(i);
                if (aHere && iHere) lp.AddRow([xColumn[Key(i, j)], xColumn[Key(a, j)]], [1, -1], 0, 0);
                else if (aHere) lp.AddRow([xColumn[Key(a, j)]], [1], 0, 0); // i cannot join j, so a cannot either
                else if (iHere) lp.AddRow([xColumn[Key(i, j)]], [1], 0, 0);
            }
            if (aHere) representatives.Add(xColumn[Key(a, j)]);
        }
        for (int r = 0; r < representatives.Count; r++)
            for (int s = r + 1; s < representatives.Count; s++)
                lp.AddRow([representatives[r], representatives[s]], [1, 1], double.NegativeInfinity, 1);
    }

    private static void AddFlow(Problem problem, LinearModel lp, int j, List<int> cand, Dictionary<long, int> xColumn)
    {
        if (cand.Count <= 1) return;
        // Largest number of non-centre members: fill with the smallest practices up to the maximum.
        var sizes = new List<double>(cand.Count);
        foreach (int i in cand) if (i != j) sizes.Add(problem.Patients[i]);
        sizes.Sort();
        double room = problem.Rules.MaxPatients - problem.Patients[j] + 1e-6;
        int m = 0;
        foreach (double s in sizes)
        {
            if (s > room) break;
            room -= s;
            m++;
        }
        if (m == 0)
        {
            foreach (int i in cand) if (i != j) lp.AddRow([xColumn[Key(i, j)]], [1], 0, 0);
            return;
        }
        var inCand = new HashSet<int>(cand);
        var inflow = new Dictionary<int, List<int>>();
        var outflow = new Dictionary<int, List<int>>();
        foreach (int i in cand)
        {
            inflow[i] = new List<int>();
            outflow[i] = new List<int>();
        }
        foreach (int a in cand)
        {
            foreach (int b in problem.Graph.Neighbours(a))
            {
                if (b == j || !inCand.Contains(b)) continue;
                int f = lp.AddColumn(string.Create(CultureInfo.InvariantCulture, $"f_{a}_{b}_{j}"), 0, m, 0, integer: false);
                outflow[a].Add(f);
                inflow[b].Add(f);
                lp.AddRow([f, xColumn[Key(b, j)]], [1, -m], double.NegativeInfinity, 0);
                if (a != j) lp.AddRow([f, xColumn[Key(a, j)]], [1, -m], double.NegativeInfinity, 0);
            }
        }
        var cols = new List<int>();
        var coefs = new List<double>();
        foreach (int i in cand)
        {
            if (i == j) continue;
            Clear(cols, coefs);
            foreach (int f in inflow[i]) { cols.Add(f); coefs.Add(1); }
            foreach (int f in outflow[i]) { cols.Add(f); coefs.Add(-1); }
            cols.Add(xColumn[Key(i, j)]);
            coefs.Add(-1);
            AddRow(lp, cols, coefs, 0, 0);
        }
    }

    private static void AddRow(LinearModel lp, List<int> cols, List<double> coefs, double lo, double hi) =>
        lp.AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cols), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(coefs), lo, hi);

    private static List<double> Ones(int count)
    {
        var l = new List<double>(count);
        for (int k = 0; k < count; k++) l.Add(1);
        return l;
    }

    private static void Clear(List<int> cols, List<double> coefs)
    {
        cols.Clear();
        coefs.Clear();
    }
}
