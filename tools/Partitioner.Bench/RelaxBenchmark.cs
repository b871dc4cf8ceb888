using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using Partitioner.Core.Rules;

namespace Partitioner.Bench;

/// <summary>
/// What the balance bands cost without contiguity: a balanced k-means relaxation. K centres (patient-weighted k-means++
/// from the seed); each practice's patients may be shared among its nearest centres; a linear program minimises the
/// patients' squared distance to their centres with every centre's patients in the size range and its mean deprivation
/// and spend per patient within the band; the centres then move to the centroids of what they hold and the LP is solved
/// again (Lloyd iterations). Prints, per band and iteration, the relaxation's inertia (total, the 20 heaviest centres
/// and the median one) and what rounding it gives (each practice to its largest share: the consortia breaking a rule
/// and the practices cut off from their consortium's largest connected part); every band starts from the same centres,
/// so bands compare like for like.
/// <c>--contiguous N</c>: from the N-th iteration on, a practice may join a centre only as far as its neighbours nearer
/// that centre join it together (x[i,c] ≤ Σ x[j,c] over neighbours j nearer c; the practice nearest the centre is its
/// root and exempt), so that a consortium of whole practices that keeps to the rows is connected and star-shaped around
/// its root. That restricts contiguous plans to star-shaped ones and fractional shares satisfy it loosely, so it is
/// neither a bound nor a plan: it says how much of the relaxation's cost is in detached pockets. <c>--lp highs</c>
/// solves with HiGHS instead of GLOP: on all England about ten times faster without the rows, and with them in 20–63 s
/// an iteration at 134 centres where GLOP had not finished one in half an hour.
/// Usage: relax &lt;practices.csv&gt; [--k 134] [--bands 0.25,0.15] [--near 12] [--iterations 5] [--seed 1]
/// [--contiguous N] [--lp glop|highs]
/// </summary>
internal static class RelaxBenchmark
{
    public static int Run(string path, string[] args)
    {
        int k = 134, near = 12, iterations = 5, contiguousFrom = int.MaxValue;
        string engine = "GLOP";
        ulong seed = 1;
        var bands = new List<double> { 0.25, 0.15 };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            switch (args[i])
            {
                case "--contiguous": contiguousFrom = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--lp": engine = v.ToUpperInvariant(); break;
                case "--k": k = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--near": near = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--iterations": iterations = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(v, CultureInfo.InvariantCulture); break;
                case "--bands": bands = v.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
            }
        }
        if (engine is not ("GLOP" or "HIGHS")) { Console.Error.WriteLine($"--lp {engine}: give glop or highs."); return 2; }
        var (study, problem, x, y, area) = BalancedArea.Read(path);
        int n = problem.PracticeCount;
        var patients = problem.Patients;
        double depMean = area.Deprivation, spendMean = area.SpendPerPatient;
        var start = PlusPlus(x, y, patients, k, seed);
        Console.WriteLine($"{n:N0} practices, {k} centres, {near} nearest each, {engine}; deprivation mean {depMean:0.00}, spend £{spendMean:0.00}; load {MachineLoad.OneMinute()}");
        foreach (double band in bands)
        {
            var tolerance = new BalanceTolerance(band, ToleranceKind.Relative);
            var banded = study.With(study.Rules with { Deprivation = tolerance, Spend = tolerance });
            var (cx, cy) = ((double[])start.X.Clone(), (double[])start.Y.Clone());
            for (int it = 0; it < iterations; it++)
            {
                var sw = Stopwatch.StartNew();
                bool contiguous = it + 1 >= contiguousFrom;
                var share = Solve(problem, x, y, cx, cy, near, band, depMean, spendMean, engine, contiguous, out double objective);
                if (share is null) { Console.WriteLine($"±{band:P0} iteration {it + 1}: LP infeasible or not solved"); break; }
                // Move the centres to the centroids of what they hold; inertia about those centroids.
                var p = new double[k]; var sx = new double[k]; var sy = new double[k];
                foreach (var (i, c, a) in share) { double w = patients[i] * a; p[c] += w; sx[c] += w * x[i]; sy[c] += w * y[i]; }
                for (int c = 0; c < k; c++) if (p[c] > 0) { cx[c] = sx[c] / p[c]; cy[c] = sy[c] / p[c]; }
                var each = new double[k];
                foreach (var (i, c, a) in share) each[c] += patients[i] * a * ((x[i] - cx[c]) * (x[i] - cx[c]) + (y[i] - cy[c]) * (y[i] - cy[c]));
                double inertia = each.Sum();
                Array.Sort(each);
                double heaviest = each.Reverse().Take(20).Sum();
                int splitPractices = share.GroupBy(s => s.Practice).Count(g => g.Count() > 1);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"±{band:P0} iteration {it + 1}{(contiguous ? " (contiguity rows)" : "")}: LP {objective / 1e9:0.000} bn about the centres, {inertia / 1e9:0.000} bn about the centroids (20 heaviest {heaviest / 1e9:0.000}, median {each[k / 2] / 1e9:0.000}); {splitPractices} practices shared; {sw.Elapsed.TotalSeconds:0.0} s; load {MachineLoad.OneMinute()}"));
                Console.WriteLine("    " + RelaxRounding.Describe(banded, problem.Graph, share, k));
            }
        }
        return 0;
    }

    private static List<(int Practice, int Centre, double Share)>? Solve(Partitioner.Core.Solving.Problem problem, double[] x, double[] y, double[] cx, double[] cy,
        int near, double band, double depMean, double spendMean, string engine, bool contiguous, out double objective)
    {
        int n = x.Length, k = cx.Length;
        var rules = problem.Rules;
        using var lp = Solver.CreateSolver(engine) ?? throw new InvalidOperationException($"Google.OrTools did not provide its {engine} linear solver.");
        var size = new Constraint[k]; var depHigh = new Constraint[k]; var depLow = new Constraint[k]; var spHigh = new Constraint[k]; var spLow = new Constraint[k];
        for (int c = 0; c < k; c++)
        {
            size[c] = lp.MakeConstraint(rules.MinPatients, rules.MaxPatients, "");
            depHigh[c] = lp.MakeConstraint(double.NegativeInfinity, 0, "");
            depLow[c] = lp.MakeConstraint(0, double.PositiveInfinity, "");
            spHigh[c] = lp.MakeConstraint(double.NegativeInfinity, 0, "");
            spLow[c] = lp.MakeConstraint(0, double.PositiveInfinity, "");
        }
        var obj = lp.Objective();
        var vars = new List<(int, int, Variable)>();
        var order = new int[k];
        var dist = new double[k];
        var keys = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++) { order[c] = c; dist[c] = (x[i] - cx[c]) * (x[i] - cx[c]) + (y[i] - cy[c]) * (y[i] - cy[c]); }
            dist.CopyTo(keys, 0);
            Array.Sort(keys, order);
            var row = lp.MakeConstraint(1, 1, "");
            double pi = problem.Patients[i];
            double di = problem.Deprivation[i], si = problem.Spend[i];
            for (int r = 0; r < near; r++)
            {
                int c = order[r];
                var a = lp.MakeNumVar(0, 1, "");
                obj.SetCoefficient(a, pi * dist[c]);
                row.SetCoefficient(a, 1);
                size[c].SetCoefficient(a, pi);
                depHigh[c].SetCoefficient(a, pi * (di - (1 + band) * depMean));
                depLow[c].SetCoefficient(a, pi * (di - (1 - band) * depMean));
                spHigh[c].SetCoefficient(a, si - (1 + band) * spendMean * pi);
                spLow[c].SetCoefficient(a, si - (1 - band) * spendMean * pi);
                vars.Add((i, c, a));
            }
        }
        if (contiguous) AddContiguityRows(lp, problem, x, y, cx, cy, vars);
        obj.SetMinimization();
        var status = lp.Solve();
        objective = status == Solver.ResultStatus.OPTIMAL ? obj.Value() : double.NaN;
        if (status != Solver.ResultStatus.OPTIMAL) return null;
        var share = new List<(int, int, double)>();
        foreach (var (i, c, a) in vars) { double v = a.SolutionValue(); if (v > 1e-9) share.Add((i, c, v)); }
        return share;
    }

    /// <summary>The contiguity rows (see the class remarks): for every share x[i,c] but the root's, x[i,c] minus the
    /// shares in c of i's neighbours nearer c is at most 0. A share with no such neighbour is held at 0.</summary>
    private static void AddContiguityRows(Solver lp, Partitioner.Core.Solving.Problem problem, double[] x, double[] y, double[] cx, double[] cy,
        List<(int Practice, int Centre, Variable Share)> vars)
    {
        int k = cx.Length;
        var share = new Dictionary<(int, int), Variable>(vars.Count);
        foreach (var (i, c, a) in vars) share[(i, c)] = a;
        var root = new int[k];
        var rootDistance = Enumerable.Repeat(double.MaxValue, k).ToArray();
        foreach (var (i, c, _) in vars)
        {
            double d = Squared(x[i] - cx[c], y[i] - cy[c]);
            if (d < rootDistance[c]) { rootDistance[c] = d; root[c] = i; }
        }
        int rows = 0, held = 0;
        foreach (var (i, c, a) in vars)
        {
            if (root[c] == i) continue;
            double di = Squared(x[i] - cx[c], y[i] - cy[c]);
            var row = lp.MakeConstraint(double.NegativeInfinity, 0, "");
            row.SetCoefficient(a, 1);
            int nearer = 0;
            foreach (int j in problem.Graph.Neighbours(i))
                if (Squared(x[j] - cx[c], y[j] - cy[c]) < di && share.TryGetValue((j, c), out var b)) { row.SetCoefficient(b, -1); nearer++; }
            rows++;
            if (nearer == 0) held++;
        }
        Console.WriteLine($"    {rows:N0} contiguity rows, {held:N0} shares held at 0 (no neighbour nearer the centre shares it)");
    }

    private static double Squared(double dx, double dy) => dx * dx + dy * dy;

    private static (double[] X, double[] Y) PlusPlus(double[] x, double[] y, double[] w, int k, ulong seed)
    {
        var random = new Random((int)seed);
        int n = x.Length;
        var cx = new double[k]; var cy = new double[k];
        var d2 = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        int first = Pick(w, random);
        cx[0] = x[first]; cy[0] = y[first];
        for (int c = 1; c < k; c++)
        {
            var weight = new double[n];
            for (int i = 0; i < n; i++)
            {
                double d = (x[i] - cx[c - 1]) * (x[i] - cx[c - 1]) + (y[i] - cy[c - 1]) * (y[i] - cy[c - 1]);
                d2[i] = Math.Min(d2[i], d);
                weight[i] = w[i] * d2[i];
            }
            int p = Pick(weight, random);
            cx[c] = x[p]; cy[c] = y[p];
        }
        return (cx, cy);
    }

    private static int Pick(double[] weight, Random random)
    {
        double total = weight.Sum(), r = random.NextDouble() * total;
        for (int i = 0; i < weight.Length; i++) { r -= weight[i]; if (r <= 0) return i; }
        return weight.Length - 1;
    }
}
