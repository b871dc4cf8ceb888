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

    private readonly int _n;
    private readonly IReadOnlyList<int[]> _candidates;
    private readonly int[] _columns;
    private readonly int _lo, _hi;
    private readonly Solver _lp;
    private readonly Objective _objective;
    private readonly Constraint[] _rows;
    private readonly Constraint? _count;
    private readonly List<Variable> _artificials = [];
    private readonly Variable?[] _inMaster;
    private readonly List<int> _master = [];
    private readonly int[] _closedBy;
    private readonly Stack<List<int>> _closings = new();
    private readonly List<Constraint> _cutRows = [];
    private readonly List<(int A, int B, int C)> _cutTriples = [];
    private readonly List<int[]> _cutColumns = [];
    private readonly List<int>[] _holding;
    private readonly int[] _hits;
    private readonly HashSet<long> _seen = [];
    private readonly double[] _reduced;
    private readonly double[] _duals;
    private readonly List<int> _order = [];

    /// <summary>A master over <paramref name="columns"/> (candidate indices) with <paramref name="minCount"/>–<paramref name="maxCount"/>
    /// consortia, starting from <paramref name="initial"/> columns and the cuts <paramref name="cuts"/> (triples of practices).</summary>
    public BranchMaster(int practiceCount, IReadOnlyList<int[]> candidates, int[] columns, IEnumerable<int> initial,
        int minCount, int maxCount, IReadOnlyList<(int A, int B, int C)>? cuts = null)
    {
        _n = practiceCount;
        _candidates = candidates;
        _columns = columns;
        _lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google.OrTools did not provide its GLOP linear solver.");
        // Presolve would hand the simplex a different reduced problem after each bound change and lose the basis; a branch
        // leaves the last basis dual feasible, so the dual simplex goes on from it.
        _lp.SetSolverSpecificParametersAsString("use_preprocessing: false use_dual_simplex: true");
        _objective = _lp.Objective();
        _objective.SetMinimization();
        // Costly artificial columns keep every node's master feasible; a node needing them has a bound above any count.
        double artificial = 10 + practiceCount + 10;
        _rows = new Constraint[_n];
        for (int i = 0; i < _n; i++)
        {
            _rows[i] = _lp.MakeConstraint(1, 1, "");
            _rows[i].SetCoefficient(Artificial(artificial), 1);
        }
        _lo = Math.Max(minCount, 0);
        _hi = Math.Min(maxCount, _n);
        if (_lo > 1 || _hi < _n)
        {
            _count = _lp.MakeConstraint(_lo, _hi, "");
            _count.SetCoefficient(Artificial(artificial, _n), 1);
            _count.SetCoefficient(Artificial(artificial, _n), -1);
        }
        _inMaster = new Variable?[_columns.Length];
        _closedBy = new int[_columns.Length];
        _reduced = new double[_columns.Length];
        _duals = new double[_n];
        _hits = new int[_columns.Length];
        _holding = new List<int>[_n];
        for (int i = 0; i < _n; i++) _holding[i] = [];
        for (int k = 0; k < _columns.Length; k++) foreach (int i in _candidates[_columns[k]]) _holding[i].Add(k);
        var position = new Dictionary<int, int>(_columns.Length);
        for (int k = 0; k < _columns.Length; k++) position[_columns[k]] = k;
        foreach (int c in initial)
            if (position.TryGetValue(c, out int k) && _inMaster[k] is null) Enter(k);
        if (cuts is not null) foreach (var triple in cuts) AddCut(triple);
    }

    /// <summary>Branches in force (each undone by <see cref="Undo"/>).</summary>
    public int Depth => _closings.Count;

    /// <summary>Every cut in the master (those given and those found), as triples of practices.</summary>
    public IReadOnlyList<(int A, int B, int C)> Triples => _cutTriples;

    /// <summary>Closes the candidates that break "practices <paramref name="i"/> and <paramref name="j"/> together" (those
    /// holding exactly one) or "apart" (those holding both).</summary>
    public void Branch(int i, int j, bool together)
    {
        var closed = new List<int>();
        for (int k = 0; k < _columns.Length; k++)
        {
            var set = _candidates[_columns[k]];
            bool hasI = Array.BinarySearch(set, i) >= 0, hasJ = Array.BinarySearch(set, j) >= 0;
            if (together ? hasI == hasJ : !(hasI && hasJ)) continue;
            closed.Add(k);
            if (_closedBy[k]++ == 0) _inMaster[k]?.SetUb(0);
        }
        _closings.Push(closed);
    }

    /// <summary>Undoes the latest <see cref="Branch"/>: its candidates open again unless another branch still closes them.</summary>
    public void Undo()
    {
        foreach (int k in _closings.Pop())
            if (--_closedBy[k] == 0) _inMaster[k]?.SetUb(1);
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
            _lp.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
            Solver.ResultStatus solved;
            using (stop.Register(() => _lp.InterruptSolve())) solved = _lp.Solve();
            if (solved != Solver.ResultStatus.OPTIMAL) break;
            support = [];
            foreach (int k in _master)
            {
                double x = _inMaster[k]!.SolutionValue();
                if (x > Zero) support.Add((_columns[k], x));
            }
            usedArtificial = false;
            foreach (var a in _artificials) if (a.SolutionValue() > Zero) usedArtificial = true;
            double bound = LagrangianBound();
            best = Math.Max(best, bound);
            if (best > target) break;
            if (_order.Count > 0)
            {
                _order.Sort((x, y) => _reduced[x] != _reduced[y] ? _reduced[x].CompareTo(_reduced[y]) : x.CompareTo(y));
                for (int e = 0; e < _order.Count && e < EnteringPerPass; e++) Enter(_order[e]);
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
            var triples = SubsetRowCuts.Separate(_n, _candidates, fractional, values, _seen);
            if (triples.Count == 0) return new Answer(best, support, usedArtificial, true);
            foreach (var triple in triples) AddCut(triple);
        }
        return new Answer(best, support, usedArtificial, false);
    }

    /// <summary>Σ row duals + count dual at its binding side + Σ cut duals + Σ negative reduced costs of open candidates;
    /// fills <see cref="_order"/> with the open candidates outside the master that price negative.</summary>
    private double LagrangianBound()
    {
        double bound = 0;
        for (int i = 0; i < _n; i++)
        {
            _duals[i] = _rows[i].DualValue();
            bound += _duals[i];
        }
        double y0 = _count?.DualValue() ?? 0;
        bound += y0 > 0 ? y0 * _lo : y0 * _hi;
        for (int k = 0; k < _columns.Length; k++)
        {
            double r = 1 - y0;
            foreach (int i in _candidates[_columns[k]]) r -= _duals[i];
            _reduced[k] = r;
        }
        for (int t = 0; t < _cutRows.Count; t++)
        {
            double mu = Math.Min(0, _cutRows[t].DualValue());
            bound += mu;
            if (mu != 0) foreach (int k in _cutColumns[t]) _reduced[k] -= mu;
        }
        _order.Clear();
        for (int k = 0; k < _columns.Length; k++)
        {
            if (_closedBy[k] > 0 || _reduced[k] >= 0) continue;
            bound += _reduced[k];
            if (_inMaster[k] is null && _reduced[k] < -1e-9) _order.Add(k);
        }
        return bound;
    }

    private Variable Artificial(double cost, double upper = 1)
    {
        var a = _lp.MakeNumVar(0, upper, "");
        _objective.SetCoefficient(a, cost);
        _artificials.Add(a);
        return a;
    }

    private void Enter(int k)
    {
        var v = _lp.MakeNumVar(0, _closedBy[k] > 0 ? 0 : 1, "");
        _objective.SetCoefficient(v, 1);
        var set = _candidates[_columns[k]];
        foreach (int i in set) _rows[i].SetCoefficient(v, 1);
        _count?.SetCoefficient(v, 1);
        for (int t = 0; t < _cutTriples.Count; t++)
            if (SubsetRowCuts.InCut(set, _cutTriples[t])) _cutRows[t].SetCoefficient(v, 1);
        _inMaster[k] = v;
        _master.Add(k);
    }

    private void AddCut((int A, int B, int C) triple)
    {
        _seen.Add(SubsetRowCuts.Key(triple.A, triple.B, triple.C, _n));
        var row = _lp.MakeConstraint(double.NegativeInfinity, 1, "");
        var members = SubsetRowCuts.CutMembers(_holding, _hits, triple);
        foreach (int k in members)
            if (_inMaster[k] is { } v) row.SetCoefficient(v, 1);
        _cutRows.Add(row);
        _cutTriples.Add(triple);
        _cutColumns.Add([.. members]);
    }

    /// <inheritdoc />
    public void Dispose() => _lp.Dispose();
}
