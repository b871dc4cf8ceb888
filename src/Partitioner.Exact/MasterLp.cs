using Google.OrTools.LinearSolver;

namespace Partitioner.Exact;

/// <summary>
/// The master LP of the set-partitioning program over listed candidates, each with its own cost (1 for "fewest
/// consortia", its compactness for "most compact"), solved by column generation and tightened by subset-row cuts
/// (<see cref="SubsetRowCuts"/>): GLOP solves a small master, every open candidate is priced with its duals and the most
/// negative enter; when none is negative, the most violated triples are added as cuts (and, with <see cref="FiveRows"/>,
/// cuts over five practices, <see cref="FiveRowCuts"/>, once no triple is violated), with the most violated rounded
/// capacity cuts when the master is given the area's maximum (<see cref="CapacityCuts"/>). It can be kept alive across a
/// branching tree on pairs of practices: a branch closes the candidates that break it (upper bound 0), <see cref="Undo"/>
/// opens them again, and every node re-solves from the previous basis. Candidates that entered stay; cuts found at any node
/// stay as rows, since a cut holds for every plan. Used by the root cut loop, count branching and compactness branching.
/// Not thread-safe: one master, one thread.
/// </summary>
/// <remarks>
/// <para><b>Why the bound holds at every step.</b> For any duals y (practice rows), y₀ (count row), μ ≤ 0 (subset-row
/// cuts) and ν ≥ 0 (capacity cuts), and any plan x the node allows: cost·x = y·A·x + rc·x with rc = cost − Aᵀy, and
/// y·A·x ≥ D = Σ yᵢ + y₀·(lo or hi) + Σ μ·limit + Σ ν·localities because the practice rows are equalities, the count
/// lies in [lo, hi], each subset-row cut's row is at most its limit and each capacity cut's row at least its localities.
/// With 0 ≤ x ≤ 1, cost·x ≥ D + Σ<sub>open, rc &lt; 0</sub> rc. So the bound does not rest on GLOP's tolerances or on the
/// master having priced everything, and an open candidate j with D + Σ<sub>rc &lt; 0</sub> rc + rc_j above an incumbent
/// is in no better plan of the node (<see cref="MasterAnswer.Keeps"/>, <see cref="Fix"/>).</para>
/// <para>Figures are in tools/Partitioner.Bench.Exact/RESULTS.md.</para>
/// </remarks>
internal sealed class MasterLp : IDisposable
{
    private const double Zero = 1e-7;

    /// <summary>GLOP's parameters that keep the basis across bound changes.</summary>
    private const string KeepBasis = "use_preprocessing: false use_dual_simplex: true";

    private readonly bool _reoptimise;
    private TimeSpan _lpTime, _separationTime;
    private int _lpSolves, _lpRetries;

    /// <summary>Most candidates entering the master per pricing pass.</summary>
    private const int EnteringPerPass = 600;

    private readonly int _n;
    private readonly IReadOnlyList<int[]> _candidates;
    private readonly double[] _cost;
    private readonly double _largest;
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
    private readonly List<Cut> _cuts = [];
    private readonly List<int>[] _holding;
    private readonly int[] _hits;
    private readonly HashSet<long> _seen = [];
    private readonly double[] _reduced;
    private readonly double[] _duals;
    private readonly List<int> _order = [];
    private readonly CapacityCuts? _capacity;
    private readonly HashSet<string> _capacitySeen = [];

    /// <summary>
    /// A master over <paramref name="columns"/> (candidate indices) costing <paramref name="cost"/> (by candidate index; null
    /// for 1 each) with <paramref name="minCount"/>–<paramref name="maxCount"/> consortia, starting from the
    /// <paramref name="initial"/> candidates and the cuts <paramref name="cuts"/> (triples of practices). With
    /// <paramref name="reoptimise"/> GLOP keeps its basis across bound changes (for a branching tree).
    /// </summary>
    public MasterLp(int practiceCount, IReadOnlyList<int[]> candidates, double[]? cost, int[] columns, IEnumerable<int> initial,
        int minCount, int maxCount, IReadOnlyList<(int A, int B, int C)>? cuts = null, bool reoptimise = false, CapacityCuts? capacity = null)
    {
        _capacity = capacity;
        _n = practiceCount;
        _candidates = candidates;
        _columns = columns;
        if (cost is null)
        {
            cost = new double[candidates.Count];
            Array.Fill(cost, 1.0);
        }
        _cost = cost;
        _largest = 1;
        foreach (int c in columns) _largest = Math.Max(_largest, Math.Abs(cost[c]));
        _lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google.OrTools did not provide its GLOP linear solver.");
        // Presolve would hand the simplex a different reduced problem after each bound change and lose the basis; a branch
        // leaves the last basis dual feasible, so the dual simplex goes on from it.
        _reoptimise = reoptimise;
        if (reoptimise) _lp.SetSolverSpecificParametersAsString(KeepBasis);
        _objective = _lp.Objective();
        _objective.SetMinimization();
        // Costly artificial columns keep every node's master feasible; a master needing them covers no plan.
        double artificial = (10 + practiceCount) * _largest + 10;
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
        if (cuts is not null) foreach (var (a, b, c) in cuts) AddCut([a, b, c]);
    }

    /// <summary>A cut in the master, its row, its practices S, and the columns (positions) with a positive coefficient and
    /// those coefficients: a subset-row cut Σ ⌊|S ∩ C| / 2⌋ · x_C ≤ ⌊|S| / 2⌋ (its <paramref name="Limit"/>) over three or
    /// five practices, or, <paramref name="AtLeast"/>, a capacity cut Σ<sub>C ∩ S ≠ ∅</sub> x_C ≥ ⌈w(S) / max⌉ (then the
    /// limit).</summary>
    private sealed record Cut(Constraint Row, int[] Practices, int[] Columns, int[] Coefficients, int Limit, bool AtLeast)
    {
        /// <summary>The cut's coefficient of the candidate <paramref name="set"/> (sorted).</summary>
        public int Coefficient(int[] set) =>
            AtLeast ? CapacityCuts.Coefficient(set, Practices) : SubsetRowCuts.Coefficient(set, Practices);
    }

    /// <summary>Capacity cuts in the master (found at any node; they hold for every plan).</summary>
    public int CapacityCutCount => _cuts.Count(c => c.AtLeast);

    /// <summary>Branches in force (each undone by <see cref="Undo"/>).</summary>
    public int Depth => _closings.Count;

    /// <summary>Cuts in the master over three practices (those given and those found).</summary>
    public int TripleCuts => _cuts.Count(c => !c.AtLeast && c.Practices.Length == 3);

    /// <summary>Whether separation also looks for cuts over five practices (<see cref="FiveRowCuts"/>) when no triple is violated.</summary>
    public bool FiveRows { get; set; }

    /// <summary>Columns in the master LP.</summary>
    public int MasterColumns => _master.Count;

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
            Close(k, closed);
        }
        _closings.Push(closed);
    }

    /// <summary>
    /// Closes, until the latest branch is undone (for good at the root), the open candidates that <paramref name="answer"/>
    /// (this master's latest at this node) shows to be in no plan of the node costing at most <paramref name="incumbent"/>;
    /// returns how many.
    /// </summary>
    public int Fix(MasterAnswer answer, double incumbent)
    {
        if (answer.ReducedCosts.Length != _columns.Length) return 0;
        var closed = _closings.Count > 0 ? _closings.Peek() : null;
        int count = 0;
        for (int k = 0; k < _columns.Length; k++)
        {
            if (_closedBy[k] > 0 || answer.Keeps(k, incumbent)) continue;
            Close(k, closed);
            count++;
        }
        return count;
    }

    /// <summary>Undoes the latest <see cref="Branch"/> (and what <see cref="Fix"/> closed under it): its candidates open
    /// again unless another branch still closes them.</summary>
    public void Undo()
    {
        foreach (int k in _closings.Pop())
            if (--_closedBy[k] == 0) _inMaster[k]?.SetUb(1);
    }

    /// <summary>
    /// Prices and cuts at the current node until the bound reaches <paramref name="target"/>, nothing enters and no cut is
    /// violated, <paramref name="maxRounds"/> cut rounds are run, or the time is up; with <paramref name="separate"/> false
    /// it only prices (the LP over the master's cuts).
    /// </summary>
    public MasterAnswer Solve(double target, TimeSpan limit, CancellationToken stop = default, bool separate = true, int maxRounds = int.MaxValue)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        double best = double.NegativeInfinity, first = double.NaN;
        double[] bestReduced = [];
        var support = new List<(int, double)>();
        bool usedArtificial = true, converged = false;
        int rounds = 0;
        while (!stop.IsCancellationRequested && System.Diagnostics.Stopwatch.GetElapsedTime(started) < limit)
        {
            long lpStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var solved = SolveLp(limit, started, stop);
            if (solved != Solver.ResultStatus.OPTIMAL && !stop.IsCancellationRequested && System.Diagnostics.Stopwatch.GetElapsedTime(started) < limit)
            {
                // GLOP can stop short of an optimum from a basis left by many bound changes and cuts (seen at nodes of CCG
                // 07W and in 08D's cut loop); solved again from scratch, the same LP is solved.
                _lpRetries++;
                _lp.Reset();
                solved = SolveLp(limit, started, stop);
                if (solved != Solver.ResultStatus.OPTIMAL && !_reoptimise)
                {
                    // Still short (7 of 282 nodes of 07W): the dual simplex without presolve, then GLOP's defaults again.
                    _lp.SetSolverSpecificParametersAsString(KeepBasis);
                    _lp.Reset();
                    solved = SolveLp(limit, started, stop);
                    _lp.SetSolverSpecificParametersAsString("");
                }
            }
            _lpTime += System.Diagnostics.Stopwatch.GetElapsedTime(lpStarted);
            _lpSolves++;
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
            if (double.IsNaN(first) && _order.Count == 0) first = bound;
            if (bound > best)
            {
                best = bound;
                bestReduced = (double[])_reduced.Clone();
            }
            if (best >= target) break;
            if (_order.Count > 0)
            {
                _order.Sort((x, y) => _reduced[x] != _reduced[y] ? _reduced[x].CompareTo(_reduced[y]) : x.CompareTo(y));
                for (int e = 0; e < _order.Count && e < EnteringPerPass; e++) Enter(_order[e]);
                continue;
            }
            if (!separate)
            {
                converged = true;
                break;
            }
            if (rounds >= maxRounds) break;
            var fractional = new List<int>();
            var values = new List<double>();
            foreach (var (c, x) in support)
                if (x < 1 - Zero)
                {
                    fractional.Add(c);
                    values.Add(x);
                }
            long separating = System.Diagnostics.Stopwatch.GetTimestamp();
            var weights = PairWeights.Of(_n, _candidates, fractional, values);
            var triples = SubsetRowCuts.Separate(_n, _candidates, fractional, values, weights, _seen);
            var fives = triples.Count == 0 && FiveRows ? FiveRowCuts.Separate(_n, _candidates, fractional, values, weights, _seen) : [];
            var capacities = _capacity?.Separate(_candidates, support, _capacitySeen) ?? [];
            _separationTime += System.Diagnostics.Stopwatch.GetElapsedTime(separating);
            if (triples.Count == 0 && fives.Count == 0 && capacities.Count == 0)
            {
                converged = true;
                break;
            }
            rounds++;
            foreach (var triple in triples) AddCut(triple);
            foreach (var five in fives) AddCut(five);
            foreach (var set in capacities) AddCapacityCut(set);
        }
        return new MasterAnswer(best, first, bestReduced, converged, rounds, _cuts.Count, _master.Count)
        {
            Support = support, Artificial = usedArtificial,
        };
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
            double r = _cost[_columns[k]] - y0;
            foreach (int i in _candidates[_columns[k]]) r -= _duals[i];
            _reduced[k] = r;
        }
        foreach (var cut in _cuts)
        {
            double mu = cut.AtLeast ? Math.Max(0, cut.Row.DualValue()) : Math.Min(0, cut.Row.DualValue());
            if (mu == 0) continue;
            bound += cut.Limit * mu;
            for (int m = 0; m < cut.Columns.Length; m++) _reduced[cut.Columns[m]] -= mu * cut.Coefficients[m];
        }
        _order.Clear();
        double entering = -1e-9 * _largest;
        for (int k = 0; k < _columns.Length; k++)
        {
            if (_closedBy[k] > 0 || _reduced[k] >= 0) continue;
            bound += _reduced[k];
            if (_inMaster[k] is null && _reduced[k] < entering) _order.Add(k);
        }
        return bound;
    }

    /// <summary>One GLOP solve within what is left of <paramref name="limit"/> from <paramref name="started"/>, interrupted by <paramref name="stop"/>.</summary>
    private Solver.ResultStatus SolveLp(TimeSpan limit, long started, CancellationToken stop)
    {
        _lp.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
        using (stop.Register(() => _lp.InterruptSolve())) return _lp.Solve();
    }

    /// <summary>The master's work so far, for a phase record: LP solves (and those again from scratch) with their time, and
    /// the time spent separating cuts.</summary>
    public string DescribeWork() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{_lpSolves} LP solves ({_lpRetries} again from scratch) in {_lpTime.TotalSeconds:F1} s, separation {_separationTime.TotalSeconds:F1} s");

    private void Close(int k, List<int>? closings)
    {
        closings?.Add(k);
        if (_closedBy[k]++ == 0) _inMaster[k]?.SetUb(0);
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
        _objective.SetCoefficient(v, _cost[_columns[k]]);
        var set = _candidates[_columns[k]];
        foreach (int i in set) _rows[i].SetCoefficient(v, 1);
        _count?.SetCoefficient(v, 1);
        foreach (var cut in _cuts)
            if (cut.Coefficient(set) is > 0 and var a) cut.Row.SetCoefficient(v, a);
        _inMaster[k] = v;
        _master.Add(k);
    }

    /// <summary>Adds the cut over <paramref name="practices"/> (three or five, sorted) with the columns it counts.</summary>
    private void AddCut(int[] practices)
    {
        _seen.Add(SubsetRowCuts.Key(practices, _n));
        var row = _lp.MakeConstraint(double.NegativeInfinity, practices.Length / 2, "");
        var (columns, coefficients) = SubsetRowCuts.CutMembers(_holding, _hits, practices);
        for (int m = 0; m < columns.Length; m++)
            if (_inMaster[columns[m]] is { } v) row.SetCoefficient(v, coefficients[m]);
        _cuts.Add(new Cut(row, practices, columns, coefficients, practices.Length / 2, false));
    }

    /// <summary>Adds the capacity cut over <paramref name="practices"/> (sorted): the candidates meeting them sum to at
    /// least ⌈w(S) / max⌉.</summary>
    private void AddCapacityCut(int[] practices)
    {
        int localities = _capacity!.Localities(practices);
        var row = _lp.MakeConstraint(localities, double.PositiveInfinity, "");
        var (columns, coefficients) = CapacityCuts.CutMembers(_holding, _hits, practices);
        for (int m = 0; m < columns.Length; m++)
            if (_inMaster[columns[m]] is { } v) row.SetCoefficient(v, coefficients[m]);
        _cuts.Add(new Cut(row, practices, columns, coefficients, localities, true));
    }

    /// <inheritdoc />
    public void Dispose() => _lp.Dispose();
}
