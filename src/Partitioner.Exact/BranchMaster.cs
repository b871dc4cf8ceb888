using Google.OrTools.LinearSolver;

namespace Partitioner.Exact;

/// <summary>
/// One master LP of "fewest consortia" kept alive across a branching tree on pairs of practices: a branch closes the
/// candidates that break it (upper bound 0), <see cref="Undo"/> opens them again, and every node re-solves GLOP from the
/// previous basis instead of building its LP anew. Candidates enter by pricing (as in <see cref="SubsetRowCuts"/>) and stay;
/// subset-row cuts found at any node stay as rows, since a cut holds for every plan. Not thread-safe: one tree, one thread.
/// </summary>
/// <remarks>
/// The bound is the Lagrangian one of <see cref="SubsetRowCuts"/> (row duals plus the negative reduced costs of the
/// candidates the node allows), so it holds whatever GLOP's tolerances and whether or not the master has priced
/// everything. Figures are in tools/Partitioner.Bench.Exact/RESULTS.md.
/// </remarks>
internal sealed class BranchMaster : IDisposable
{
    private const double Zero = 1e-7;
    private const int EnteringPerPass = 600;

    private readonly int n;
    private readonly IReadOnlyList<int[]> candidates;
    private readonly int[] columns;
    private readonly int lo, hi;
    private readonly Solver lp;
    private readonly Objective objective;
    private readonly Constraint[] rows;
    private readonly Constraint? count;
    private readonly List<Variable> artificials = [];
    private readonly Variable?[] inMaster;
    private readonly List<int> master = [];
    private readonly int[] closedBy;
    private readonly Stack<List<int>> closings = new();
    private readonly List<Constraint> cutRows = [];
    private readonly List<(int A, int B, int C)> cutTriples = [];
    private readonly List<int[]> cutColumns = [];
    private readonly List<int>[] holding;
    private readonly int[] hits;
    private readonly HashSet<long> seen = [];
    private readonly double[] reduced;
    private readonly double[] duals;
    private readonly List<int> order = [];

    /// <summary>A master over <paramref name="columns"/> (candidate indices) with <paramref name="minCount"/>–<paramref name="maxCount"/>
    /// consortia, starting from <paramref name="initial"/> columns and the cuts <paramref name="cuts"/> (triples of practices).</summary>
    public BranchMaster(int practiceCount, IReadOnlyList<int[]> candidates, int[] columns, IEnumerable<int> initial,
        int minCount, int maxCount, IReadOnlyList<(int A, int B, int C)>? cuts = null)
    {
        n = practiceCount;
        this.candidates = candidates;
        this.columns = columns;
        lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google.OrTools did not provide its GLOP linear solver.");
        // Presolve would hand the simplex a different reduced problem after each bound change and lose the basis; a branch
        // leaves the last basis dual feasible, so the dual simplex goes on from it.
        lp.SetSolverSpecificParametersAsString("use_preprocessing: false use_dual_simplex: true");
        objective = lp.Objective();
        objective.SetMinimization();
        // Costly artificial columns keep every node's master feasible; a node needing them has a bound above any count.
        double artificial = 10 + practiceCount + 10;
        rows = new Constraint[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = lp.MakeConstraint(1, 1, "");
            rows[i].SetCoefficient(Artificial(artificial), 1);
        }
        lo = Math.Max(minCount, 0);
        hi = Math.Min(maxCount, n);
        if (lo > 1 || hi < n)
        {
            count = lp.MakeConstraint(lo, hi, "");
            count.SetCoefficient(Artificial(artificial, n), 1);
            count.SetCoefficient(Artificial(artificial, n), -1);
        }
        inMaster = new Variable?[columns.Length];
        closedBy = new int[columns.Length];
        reduced = new double[columns.Length];
        duals = new double[n];
        hits = new int[columns.Length];
        holding = new List<int>[n];
        for (int i = 0; i < n; i++) holding[i] = [];
        for (int k = 0; k < columns.Length; k++) foreach (int i in candidates[columns[k]]) holding[i].Add(k);
        var position = new Dictionary<int, int>(columns.Length);
        for (int k = 0; k < columns.Length; k++) position[columns[k]] = k;
        foreach (int c in initial)
            if (position.TryGetValue(c, out int k) && inMaster[k] is null) Enter(k);
        if (cuts is not null) foreach (var triple in cuts) AddCut(triple);
    }

    /// <summary>Branches in force (each undone by <see cref="Undo"/>).</summary>
    public int Depth => closings.Count;

    /// <summary>Every cut in the master (those given and those found), as triples of practices.</summary>
    public IReadOnlyList<(int A, int B, int C)> Triples => cutTriples;

    /// <summary>Closes the candidates that break "practices <paramref name="i"/> and <paramref name="j"/> together" (those
    /// holding exactly one) or "apart" (those holding both).</summary>
    public void Branch(int i, int j, bool together)
    {
        var closed = new List<int>();
        for (int k = 0; k < columns.Length; k++)
        {
            var set = candidates[columns[k]];
            bool hasI = Array.BinarySearch(set, i) >= 0, hasJ = Array.BinarySearch(set, j) >= 0;
            if (together ? hasI == hasJ : !(hasI && hasJ)) continue;
            closed.Add(k);
            if (closedBy[k]++ == 0) inMaster[k]?.SetUb(0);
        }
        closings.Push(closed);
    }

    /// <summary>Undoes the latest <see cref="Branch"/>: its candidates open again unless another branch still closes them.</summary>
    public void Undo()
    {
        foreach (int k in closings.Pop())
            if (--closedBy[k] == 0) inMaster[k]?.SetUb(1);
    }

    /// <summary>The node's answer: its bound, the master's support (candidate indices), whether an artificial column was
    /// in use, and whether pricing and separation both came up empty.</summary>
    public sealed record Answer(double Bound, IReadOnlyList<(int Candidate, double Value)> Support, bool Artificial, bool Converged);

    /// <summary>Prices and cuts at the current node until the bound exceeds <paramref name="target"/>, nothing enters and
    /// no cut is violated, or the time is up; with <paramref name="separate"/> false it only prices (the plain LP over the
    /// master's cuts).</summary>
    public Answer Solve(double target, TimeSpan limit, CancellationToken stop = default, bool separate = true)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        double best = double.NegativeInfinity;
        var support = new List<(int, double)>();
        bool usedArtificial = true;
        while (!stop.IsCancellationRequested && System.Diagnostics.Stopwatch.GetElapsedTime(started) < limit)
        {
            lp.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
            Solver.ResultStatus solved;
            using (stop.Register(() => lp.InterruptSolve())) solved = lp.Solve();
            if (solved != Solver.ResultStatus.OPTIMAL) break;
            support = [];
            foreach (int k in master)
            {
                double x = inMaster[k]!.SolutionValue();
                if (x > Zero) support.Add((columns[k], x));
            }
            usedArtificial = false;
            foreach (var a in artificials) if (a.SolutionValue() > Zero) usedArtificial = true;
            double bound = LagrangianBound();
            best = Math.Max(best, bound);
            if (best > target) break;
            if (order.Count > 0)
            {
                order.Sort((x, y) => reduced[x] != reduced[y] ? reduced[x].CompareTo(reduced[y]) : x.CompareTo(y));
                for (int e = 0; e < order.Count && e < EnteringPerPass; e++) Enter(order[e]);
                continue;
            }
            if (!separate) return new Answer(best, support, usedArtificial, true);
            var fractional = new List<int>();
            var values = new List<double>();
            foreach (var (c, x) in support)
                if (x < 1 - Zero)
                {
                    fractional.Add(c);
                    values.Add(x);
                }
            var triples = SubsetRowCuts.Separate(n, candidates, fractional, values, seen);
            if (triples.Count == 0) return new Answer(best, support, usedArtificial, true);
            foreach (var triple in triples) AddCut(triple);
        }
        return new Answer(best, support, usedArtificial, false);
    }

    /// <summary>Σ row duals + count dual at its binding side + Σ cut duals + Σ negative reduced costs of open candidates;
    /// fills <see cref="order"/> with the open candidates outside the master that price negative.</summary>
    private double LagrangianBound()
    {
        double bound = 0;
        for (int i = 0; i < n; i++)
        {
            duals[i] = rows[i].DualValue();
            bound += duals[i];
        }
        double y0 = count?.DualValue() ?? 0;
        bound += y0 > 0 ? y0 * lo : y0 * hi;
        for (int k = 0; k < columns.Length; k++)
        {
            double r = 1 - y0;
            foreach (int i in candidates[columns[k]]) r -= duals[i];
            reduced[k] = r;
        }
        for (int t = 0; t < cutRows.Count; t++)
        {
            double mu = Math.Min(0, cutRows[t].DualValue());
            bound += mu;
            if (mu != 0) foreach (int k in cutColumns[t]) reduced[k] -= mu;
        }
        order.Clear();
        for (int k = 0; k < columns.Length; k++)
        {
            if (closedBy[k] > 0 || reduced[k] >= 0) continue;
            bound += reduced[k];
            if (inMaster[k] is null && reduced[k] < -1e-9) order.Add(k);
        }
        return bound;
    }

    private Variable Artificial(double cost, double upper = 1)
    {
        var a = lp.MakeNumVar(0, upper, "");
        objective.SetCoefficient(a, cost);
        artificials.Add(a);
        return a;
    }

    private void Enter(int k)
    {
        var v = lp.MakeNumVar(0, closedBy[k] > 0 ? 0 : 1, "");
        objective.SetCoefficient(v, 1);
        var set = candidates[columns[k]];
        foreach (int i in set) rows[i].SetCoefficient(v, 1);
        count?.SetCoefficient(v, 1);
        for (int t = 0; t < cutTriples.Count; t++)
        {
            var (a, b, c) = cutTriples[t];
            int inside = (Array.BinarySearch(set, a) >= 0 ? 1 : 0) + (Array.BinarySearch(set, b) >= 0 ? 1 : 0) + (Array.BinarySearch(set, c) >= 0 ? 1 : 0);
            if (inside >= 2) cutRows[t].SetCoefficient(v, 1);
        }
        inMaster[k] = v;
        master.Add(k);
    }

    private void AddCut((int A, int B, int C) triple)
    {
        var (a, b, c) = triple;
        seen.Add(((long)a * n + b) * n + c);
        var row = lp.MakeConstraint(double.NegativeInfinity, 1, "");
        var members = new List<int>();
        foreach (int k in holding[a]) hits[k]++;
        foreach (int k in holding[b]) hits[k]++;
        foreach (int k in holding[c]) hits[k]++;
        foreach (var list in (ReadOnlySpan<List<int>>)[holding[a], holding[b], holding[c]])
            foreach (int k in list)
            {
                if (hits[k] >= 2)
                {
                    members.Add(k);
                    if (inMaster[k] is { } v) row.SetCoefficient(v, 1);
                }
                hits[k] = 0;
            }
        cutRows.Add(row);
        cutTriples.Add(triple);
        cutColumns.Add([.. members]);
    }

    /// <inheritdoc />
    public void Dispose() => lp.Dispose();
}
