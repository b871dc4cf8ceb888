using Google.OrTools.LinearSolver;

namespace Partitioner.Exact;

/// <summary>
/// A lower bound on the set-partitioning program stronger than its LP relaxation: the LP tightened by subset-row cuts on
/// triples of practices (Jepsen et al. 2008) — of the candidates holding at least two of three practices, at most one can
/// be chosen, since two such candidates would share a practice. Solved by column generation over the listed candidates:
/// GLOP solves a small master LP, every candidate is priced with its duals and the most negative enter; when none is
/// negative, the most violated triples are added as cuts. Thread-safe (one GLOP per call).
/// </summary>
/// <remarks>
/// <para>The cuts catch what the plain relaxation misses when every locality must be nearly full: halves of three
/// candidates that pairwise share one practice (an odd cycle), which no plan can take.</para>
/// <para><b>Why the bound holds at every step.</b> For any duals y (practice rows), y₀ (count row) and μ ≤ 0 (cuts), and
/// any plan x: cost·x = y·A·x + rc·x with rc = cost − Aᵀy, and y·A·x ≥ D = Σ yᵢ + y₀·(lo or hi) + Σ μ because the
/// practice rows are equalities, the count lies in [lo, hi] and each cut's row is at most 1. With 0 ≤ x ≤ 1,
/// cost·x ≥ D + Σ<sub>rc &lt; 0</sub> rc. So the bound does not rest on the master being solved exactly, and a candidate j
/// with D + Σ<sub>rc &lt; 0</sub> rc + rc_j above an incumbent is in no better plan (<see cref="Answer.Keeps"/>).</para>
/// <para>Figures are in tools/Partitioner.Bench.Exact/RESULTS.md.</para>
/// </remarks>
internal static class SubsetRowCuts
{
    /// <summary>Most cuts added per round.</summary>
    private const int CutsPerRound = 120;

    /// <summary>Most cuts of one round that share a practice (spreads each round over the area).</summary>
    private const int CutsPerPractice = 6;

    /// <summary>Least violation of a cut that is added (LHS above 1 by more than this).</summary>
    private const double MinViolation = 0.02;

    /// <summary>Most candidates entering the master per pricing pass.</summary>
    private const int EnteringPerPass = 600;

    /// <summary>Values below this are zero in the LP's answer.</summary>
    private const double Zero = 1e-7;

    /// <summary>
    /// The best bound found (valid for every plan over the columns), the bound before any cut, the reduced cost of every
    /// column at that bound's duals, whether the loop ended with the master optimal over all columns and no violated cut,
    /// and the cut rounds run, cuts added and columns in the master.
    /// </summary>
    public sealed record Answer(double Bound, double FirstBound, double[] ReducedCosts, bool Converged, int Rounds, int Cuts, int MasterColumns)
    {
        /// <summary>The last master LP's positive values by candidate index (its support), and whether an artificial column was in use.</summary>
        public IReadOnlyList<(int Candidate, double Value)> Support { get; init; } = [];

        /// <summary>Every cut in the model at the end (those given and those added), valid for any column set.</summary>
        public IReadOnlyList<(int A, int B, int C)> Triples { get; init; } = [];

        /// <summary>Whether the last master LP still needed an artificial column (it covered no plan then).</summary>
        public bool Artificial { get; init; }

        /// <summary>Whether column <paramref name="k"/> (a position in the columns solved over) can be in a plan costing at most <paramref name="incumbent"/>.</summary>
        public bool Keeps(int k, double incumbent) =>
            ReducedCosts.Length == 0 || Bound + Math.Max(0, ReducedCosts[k]) <= incumbent + 1e-7 * Math.Max(1, Math.Abs(incumbent));
    }

    /// <summary>
    /// Bounds min Σ cost z over <paramref name="columns"/> (candidate indices), each practice covered once, count in
    /// [<paramref name="minCount"/>, <paramref name="maxCount"/>], adding cuts until the bound reaches
    /// <paramref name="target"/>, nothing is violated, <paramref name="maxRounds"/> rounds are run or the time is up. The
    /// model starts with the subset-row cuts <paramref name="cuts"/> (triples of practices) when given. The
    /// master starts from <paramref name="initial"/> (candidate indices among the columns, e.g. an LP's support and an
    /// incumbent); practices it cannot cover are covered by costly artificial columns until priced candidates replace them.
    /// </summary>
    public static Answer Solve(int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, int[] columns, IEnumerable<int> initial,
        int minCount, int maxCount, double target, TimeSpan limit, int maxRounds = int.MaxValue, IReadOnlyList<(int A, int B, int C)>? cuts = null,
        CancellationToken stop = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool TimeUp() => stop.IsCancellationRequested || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= limit;
        int n = practiceCount;
        double largest = 1;
        foreach (int c in columns) largest = Math.Max(largest, Math.Abs(cost[c]));
        double artificial = (10 + practiceCount) * largest + 10;
        using var lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("Google.OrTools did not provide its GLOP linear solver.");
        var objective = lp.Objective();
        objective.SetMinimization();
        var rows = new Constraint[n];
        var artificials = new List<Variable>();
        for (int i = 0; i < n; i++)
        {
            rows[i] = lp.MakeConstraint(1, 1, "");
            var a = lp.MakeNumVar(0, 1, "");
            artificials.Add(a);
            objective.SetCoefficient(a, artificial);
            rows[i].SetCoefficient(a, 1);
        }
        int lo = Math.Max(minCount, 0), hi = Math.Min(maxCount, n);
        bool countRow = lo > 1 || hi < n;
        Constraint? count = null;
        if (countRow)
        {
            count = lp.MakeConstraint(lo, hi, "");
            var up = lp.MakeNumVar(0, n, "");
            var down = lp.MakeNumVar(0, n, "");
            artificials.Add(up);
            artificials.Add(down);
            objective.SetCoefficient(up, artificial);
            objective.SetCoefficient(down, artificial);
            count.SetCoefficient(up, 1);
            count.SetCoefficient(down, -1);
        }

        var position = new Dictionary<int, int>(columns.Length);
        for (int k = 0; k < columns.Length; k++) position[columns[k]] = k;
        var holding = new List<int>[n];
        for (int i = 0; i < n; i++) holding[i] = new List<int>();
        for (int k = 0; k < columns.Length; k++) foreach (int i in candidates[columns[k]]) holding[i].Add(k);

        var inMaster = new Variable?[columns.Length];
        var master = new List<int>();
        var cutRows = new List<Constraint>();
        var cutTriples = new List<(int A, int B, int C)>();
        var cutColumns = new List<int[]>();
        void Enter(int k)
        {
            var v = lp.MakeNumVar(0, 1, "");
            objective.SetCoefficient(v, cost[columns[k]]);
            var set = candidates[columns[k]];
            foreach (int i in set) rows[i].SetCoefficient(v, 1);
            count?.SetCoefficient(v, 1);
            for (int t = 0; t < cutTriples.Count; t++)
                if (InCut(set, cutTriples[t])) cutRows[t].SetCoefficient(v, 1);
            inMaster[k] = v;
            master.Add(k);
        }
        foreach (int c in initial)
            if (position.TryGetValue(c, out int k) && inMaster[k] is null) Enter(k);

        var seen = new HashSet<long>();
        var hits = new int[columns.Length];
        void AddCut((int A, int B, int C) triple)
        {
            seen.Add(Key(triple.A, triple.B, triple.C, n));
            var row = lp.MakeConstraint(double.NegativeInfinity, 1, "");
            var members = CutMembers(holding, hits, triple);
            foreach (int k in members)
                if (inMaster[k] is { } v) row.SetCoefficient(v, 1);
            cutRows.Add(row);
            cutTriples.Add(triple);
            cutColumns.Add([.. members]);
        }
        if (cuts is not null) foreach (var triple in cuts) AddCut(triple);

        var reduced = new double[columns.Length];
        var duals = new double[n];
        double[] best = [];
        double bestBound = double.NegativeInfinity, first = double.NaN;
        int rounds = 0;
        bool converged = false;
        var order = new List<int>();
        var lastSupport = new List<(int, double)>();
        bool artificialUsed = true;
        while (!TimeUp())
        {
            lp.SetTimeLimit(SatEngine.Milliseconds(SatEngine.Remaining(limit, started)));
            Solver.ResultStatus solved;
            using (stop.Register(() => lp.InterruptSolve())) solved = lp.Solve();
            if (solved != Solver.ResultStatus.OPTIMAL) break;
            lastSupport = [];
            foreach (int k in master)
            {
                double x = inMaster[k]!.SolutionValue();
                if (x > Zero) lastSupport.Add((columns[k], x));
            }
            artificialUsed = false;
            foreach (var a in artificials) if (a.SolutionValue() > Zero) artificialUsed = true;
            // Lagrangian bound from the master's duals (see remarks).
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
                double r = cost[columns[k]] - y0;
                foreach (int i in candidates[columns[k]]) r -= duals[i];
                reduced[k] = r;
            }
            for (int t = 0; t < cutRows.Count; t++)
            {
                double mu = Math.Min(0, cutRows[t].DualValue());
                bound += mu;
                if (mu != 0) foreach (int k in cutColumns[t]) reduced[k] -= mu;
            }
            double negative = 0;
            order.Clear();
            for (int k = 0; k < columns.Length; k++)
            {
                if (reduced[k] >= 0) continue;
                negative += reduced[k];
                if (inMaster[k] is null && reduced[k] < -1e-9 * Math.Max(1, largest)) order.Add(k);
            }
            bound += negative;
            if (double.IsNaN(first) && order.Count == 0) first = bound;
            if (bound > bestBound)
            {
                bestBound = bound;
                best = (double[])reduced.Clone();
            }
            if (bestBound >= target) break;
            if (order.Count > 0)
            {
                order.Sort((x, y) => reduced[x] != reduced[y] ? reduced[x].CompareTo(reduced[y]) : x.CompareTo(y));
                for (int e = 0; e < order.Count && e < EnteringPerPass; e++) Enter(order[e]);
                continue;
            }
            if (rounds >= maxRounds) break;
            var support = new List<int>();
            var values = new List<double>();
            foreach (int k in master)
            {
                double x = inMaster[k]!.SolutionValue();
                if (x > Zero && x < 1 - Zero)
                {
                    support.Add(columns[k]);
                    values.Add(x);
                }
            }
            var triples = Separate(n, candidates, support, values, seen);
            if (triples.Count == 0)
            {
                converged = true;
                break;
            }
            rounds++;
            foreach (var triple in triples) AddCut(triple);
        }
        return new Answer(bestBound, first, best, converged, rounds, cutRows.Count, master.Count) { Support = lastSupport, Artificial = artificialUsed, Triples = cutTriples };
    }

    /// <summary>
    /// The most violated triples (i &lt; j &lt; k) at the LP point <paramref name="values"/>, not cut before: those where the
    /// columns holding two or three of them sum above 1. The sum is P(i,j) + P(i,k) + P(j,k) − 2·T(i,j,k), with P and T the
    /// LP weight on columns holding a pair and all three.
    /// </summary>
    internal static List<(int A, int B, int C)> Separate(int practiceCount, IReadOnlyList<int[]> candidates, List<int> columns,
        List<double> values, HashSet<long> seen)
    {
        int n = practiceCount;
        var support = new List<int>();
        for (int k = 0; k < values.Count; k++) if (values[k] > Zero && values[k] < 1 - Zero) support.Add(k);
        var pair = new double[n * n];
        var touched = new bool[n];
        foreach (int k in support)
        {
            var set = candidates[columns[k]];
            double x = values[k];
            for (int p = 0; p < set.Length; p++)
            {
                touched[set[p]] = true;
                for (int q = p + 1; q < set.Length; q++) pair[set[p] * n + set[q]] += x;
            }
        }
        var active = new List<int>();
        for (int i = 0; i < n; i++) if (touched[i]) active.Add(i);
        var found = new List<(double Violation, int A, int B, int C)>();
        for (int a = 0; a < active.Count; a++)
        {
            int i = active[a];
            for (int b = a + 1; b < active.Count; b++)
            {
                int j = active[b];
                double ij = pair[i * n + j];
                for (int c = b + 1; c < active.Count; c++)
                {
                    int k = active[c];
                    double sum = ij + pair[i * n + k] + pair[j * n + k];
                    if (sum <= 1 + MinViolation) continue;
                    // Subtract twice the weight of the columns holding all three (counted three times above, once in the cut).
                    double all = 0;
                    foreach (int s in support)
                    {
                        var set = candidates[columns[s]];
                        if (Array.BinarySearch(set, i) >= 0 && Array.BinarySearch(set, j) >= 0 && Array.BinarySearch(set, k) >= 0) all += values[s];
                    }
                    double lhs = sum - 2 * all;
                    if (lhs > 1 + MinViolation && !seen.Contains(Key(i, j, k, n))) found.Add((lhs - 1, i, j, k));
                }
            }
        }
        found.Sort((x, y) => y.Violation != x.Violation ? y.Violation.CompareTo(x.Violation)
            : x.A != y.A ? x.A.CompareTo(y.A) : x.B != y.B ? x.B.CompareTo(y.B) : x.C.CompareTo(y.C));
        var uses = new int[n];
        var chosen = new List<(int, int, int)>();
        foreach (var (_, i, j, k) in found)
        {
            if (chosen.Count >= CutsPerRound) break;
            if (uses[i] >= CutsPerPractice || uses[j] >= CutsPerPractice || uses[k] >= CutsPerPractice) continue;
            uses[i]++;
            uses[j]++;
            uses[k]++;
            seen.Add(Key(i, j, k, n));
            chosen.Add((i, j, k));
        }
        return chosen;
    }

    internal static long Key(int i, int j, int k, int n) => ((long)i * n + j) * n + k;

    /// <summary>Whether the candidate <paramref name="set"/> (sorted) holds at least two practices of the cut's triple.</summary>
    internal static bool InCut(int[] set, (int A, int B, int C) triple) =>
        (Array.BinarySearch(set, triple.A) >= 0 ? 1 : 0) + (Array.BinarySearch(set, triple.B) >= 0 ? 1 : 0) + (Array.BinarySearch(set, triple.C) >= 0 ? 1 : 0) >= 2;

    /// <summary>The columns (indices into <paramref name="holding"/>'s lists) holding at least two practices of the triple;
    /// <paramref name="hits"/> is scratch of one entry per column, all zero before and after.</summary>
    internal static List<int> CutMembers(List<int>[] holding, int[] hits, (int A, int B, int C) triple)
    {
        var (a, b, c) = triple;
        var members = new List<int>();
        foreach (int k in holding[a]) hits[k]++;
        foreach (int k in holding[b]) hits[k]++;
        foreach (int k in holding[c]) hits[k]++;
        foreach (var list in (ReadOnlySpan<List<int>>)[holding[a], holding[b], holding[c]])
            foreach (int k in list)
            {
                if (hits[k] >= 2) members.Add(k);
                hits[k] = 0;
            }
        return members;
    }
}
