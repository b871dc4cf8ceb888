namespace Partitioner.Exact;

/// <summary>
/// Solves the set-partitioning model at one count (or with no count row) for compactness, on a column set cut down by
/// LP reduced costs: the integer engines' root work costs seconds per pass on a few hundred thousand columns, while only
/// a few thousand can be in any plan better than a good one. Stateless; thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Method.</b> (1) Keep the candidates the count allows (<see cref="SetPartitionModel.ColumnsForCount"/>).
/// (2) Solve the LP relaxation (GLOP); an infeasible LP proves that no plan has this count. (3) Take an incumbent: the
/// warm-start plan if it has this count, else the plan of a small integer program over the candidates of least reduced cost
/// (2,000, widened fourfold while that program is proven infeasible). (4) Drop every candidate whose reduced cost exceeds
/// incumbent − LP bound. (5) With <see cref="ExactOptions.SubsetRowCuts"/>, tighten the bound over the kept candidates
/// with subset-row cuts (<see cref="SubsetRowCuts"/>, at most 40% of the time left) and drop again by the tightened reduced
/// costs; a bound reaching the incumbent proves it. (6) With <see cref="ExactOptions.CompactnessBranching"/>, branch on
/// pairs of practices over the same master LP (<see cref="CompactnessBranching"/>, <see cref="ExactOptions.CompactnessBranchingShare"/>
/// of the time left): a closed tree proves the incumbent (or the better plan it found), an open one lifts the bound to its
/// least open node. (7) Solve the integer program over the rest, hinted with the incumbent. The reported bound is the
/// best of the cut bound, the tree's and the engine's own; an engine that returns no plan leaves the incumbent.</para>
/// <para><b>Why step 4 is exact.</b> Every row is an equality (each practice once, count fixed), so for any plan x and
/// the LP's duals y, cost·x = y·b + rc·x, and y·b = LP − rc·x* for the LP optimum x*. Hence
/// cost·x ≥ base + rc_j for every candidate j in x with rc_j &gt; 0, where base = LP − rc·x* + Σ<sub>rc_k &lt; 0</sub> rc_k
/// (computed this way it does not rely on complementary slackness holding exactly). A candidate with
/// base + rc_j &gt; incumbent is in no plan better than the incumbent, which stays in the model; so the optimum and the
/// bound over the kept candidates are those of the whole model.</para>
/// <para><b>Figures</b> (tools/Partitioner.Bench.Exact): CCG 08D (52 practices) at 10 localities, 380,048 candidates: the
/// LP is 124,531, 2,734 candidates are left beside the incumbent 134,490 and the optimum is proven at once. Fixing pays
/// on small models too: CCG 05H (4,510 candidates) was proven in 2.7 s with it and not in 20 s without (CP-SAT).</para>
/// </remarks>
internal static class ReducedCostFixing
{
    /// <summary>Candidates in the first MIP that looks for an incumbent.</summary>
    private const int FirstPoolSize = 2_000;

    /// <summary>How a solve ended: the engine's status, the plan (null without one) and the proven bound.</summary>
    public sealed record Outcome(EngineStatus Status, int[]? Plan, double Bound);

    /// <summary>
    /// The most compact plan with <paramref name="minCount"/>–<paramref name="maxCount"/> consortia within
    /// <paramref name="limit"/>, warm-started with <paramref name="warm"/> when it has such a count; reduced-cost fixing
    /// is used from <paramref name="minColumns"/> candidates up, when the count is fixed or unconstrained.
    /// </summary>
    public static Outcome Solve(SetPartitionModel model, int minCount, int maxCount, TimeSpan limit, int[]? warm,
        ExactOptions options, int minColumns)
    {
        // Each step gets a share of what is left of the limit, never more (no floor that would carry the solve past it).
        using var budget = options.Budget?.Within(limit) ?? new TimeBudget(limit, options.Clock);
        options = options with { Budget = budget };
        try
        {
            return Solve(model, minCount, maxCount, warm, options, minColumns, budget);
        }
        catch (OperationCanceledException) when (budget.Deadline.IsCancellationRequested)
        {
            // Filtering candidates reached the limit: the warm start stands, nothing proven.
            var start = warm is not null && warm.Length == model.Problem.PracticeCount ? model.StartColumns(warm) : null;
            bool inRange = start is not null && start.Length >= minCount && start.Length <= maxCount;
            return new Outcome(EngineStatus.Stopped, inRange ? model.Decode(start!) : null, double.NaN);
        }
    }

    private static Outcome Solve(SetPartitionModel model, int minCount, int maxCount, int[]? warm, ExactOptions options, int minColumns,
        TimeBudget budget)
    {
        var columns = model.ColumnsForCount(minCount, maxCount, options.Deadline);
        int[]? start = warm is not null && warm.Length == model.Problem.PracticeCount ? model.StartColumns(warm) : null;
        if (start is not null && (start.Length < minCount || start.Length > maxCount)) start = null;
        if (start is not null) columns = Union(columns, start);
        // Equality rows only: a count range would give the count row a dual that the bound argument cannot use.
        bool equalities = minCount == maxCount || (minCount <= 1 && maxCount >= model.Problem.PracticeCount);
        if (columns.Length < minColumns || !equalities) return Mip(model, minCount, maxCount, columns, budget.Grant("integer engines"), start, options);

        var lp = LpRelaxation.Solve(model.Problem.PracticeCount, model.Candidates, model.Cost, columns, minCount, maxCount, budget.Grant("LP relaxation"), options.Deadline);
        if (lp.Status == EngineStatus.Infeasible) return new Outcome(EngineStatus.Infeasible, null, double.NaN);
        if (lp.Status != EngineStatus.Optimal) return Mip(model, minCount, maxCount, columns, budget.Grant("integer engines"), start, options);
        double[] reduced = lp.ReducedCosts, x = lp.Values;
        double bound = lp.Objective;
        double baseBound = bound;
        for (int k = 0; k < reduced.Length; k++)
        {
            baseBound -= reduced[k] * x[k];
            if (reduced[k] < 0) baseBound += reduced[k];
        }

        // Order by reduced cost once; pools and the final column set are prefixes of this order (plus the incumbent).
        var order = new int[columns.Length];
        for (int k = 0; k < order.Length; k++) order[k] = k;
        Array.Sort((double[])reduced.Clone(), order);
        double incumbent = start is null ? double.PositiveInfinity : Cost(model, start);
        // The incumbent proven by a bound (optimal, or within the relative gap asked for, reported with that bound).
        Outcome Proven() => options.RelativeGap > 0
            ? new Outcome(EngineStatus.Stopped, model.Decode(start!), bound)
            : new Outcome(EngineStatus.Optimal, model.Decode(start!), incumbent);
        int Kept(double value)
        {
            // A column is kept when its reduced cost is within the gap, allowing for the LP's precision.
            const double LpPrecision = 1e-7;
            double threshold = value - baseBound + LpPrecision * Math.Max(1, Math.Abs(value));
            int keep = 0;
            while (keep < order.Length && reduced[order[keep]] <= threshold) keep++;
            return keep;
        }
        // Pools of the least reduced cost (and the incumbent) find or improve the incumbent until the pool holds every
        // candidate the incumbent leaves; the pool's optimum is then the model's.
        // With an incumbent (the heuristic's plan, within 1% of the optimum on every proven benchmark area) the pools only
        // spent time: the final solve over the kept candidates improves it as well and has the whole time left.
        for (int size = FirstPoolSize; size < columns.Length && start is null; size *= 4)
        {
            if (start is not null && Kept(incumbent) <= size) break;
            var pool = Prefix(columns, order, size);
            if (start is not null) pool = Union(pool, start);
            var found = Mip(model, minCount, maxCount, pool, budget.Grant("incumbent from a pool", 0.25), start, options);
            if (found.Plan is not null && model.StartColumns(found.Plan) is { } better && Cost(model, better) < incumbent)
            {
                start = better;
                incumbent = Cost(model, better);
            }
            if (start is null && found.Status != EngineStatus.Infeasible) break;
            if (found.Status == EngineStatus.Optimal && start is not null && Kept(incumbent) <= size) return found;
        }
        if (start is null) return WithLpBound(Mip(model, minCount, maxCount, columns, budget.Grant("integer engines"), null, options), bound);
        var kept = Union(Prefix(columns, order, Kept(incumbent)), start);
        if (options.SubsetRowCuts)
        {
            // Tighten the bound over the kept candidates (no plan better than the incumbent uses another), then fix again
            // with the tightened duals. The master starts from the LP's support and the incumbent.
            var initial = new List<int>(start);
            for (int k = 0; k < columns.Length; k++) if (x[k] > 1e-9) initial.Add(columns[k]);
            double target = incumbent * (1 - Math.Max(options.RelativeGap, 1e-9));
            int n = model.Problem.PracticeCount;
            var cutTime = budget.Grant("subset-row cuts", CutShare);
            long cutStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            using var plain = new MasterLp(n, model.Candidates, model.Cost, kept, initial, minCount, maxCount) { FiveRows = options.FiveRowCuts };
            var master = plain;
            var cut = plain.Solve(target, cutTime, options.Deadline);
            budget.Grant(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"subset-row cuts ended: {(cut.Converged ? "converged" : "stopped")}, bound {cut.Bound:F0}, {cut.Rounds} rounds, {cut.Cuts} cuts, {plain.DescribeWork()}"), 0);
            // Capacity cuts in a second master beside it, kept for what follows only where they close a good share of
            // the gap (CCG 07W, whose localities are 98% full: 235,926 → 253,064 against a plan of 264,176); elsewhere
            // their dense rows slow every node for little (real 2021/22 CCGs 11M and 36J: proven in 6–9 s without them,
            // 25–31 s with them). Either way the better bound holds.
            using var lifted = options.CapacityCuts && cut.Converged && cut.Bound < target && CapacityCuts.For(model.Problem) is { } capacity
                ? new MasterLp(n, model.Candidates, model.Cost, kept, initial, minCount, maxCount, capacity: capacity) { FiveRows = options.FiveRowCuts }
                : null;
            double dropped = double.NegativeInfinity;
            if (lifted is not null)
            {
                var liftedCut = lifted.Solve(target, SatEngine.Remaining(cutTime, cutStarted), options.Deadline);
                bool keep = liftedCut.Converged && liftedCut.Bound - cut.Bound >= CapacityKeepShare * (target - cut.Bound);
                budget.Grant(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"capacity cuts ended: {(liftedCut.Converged ? "converged" : "stopped")}, bound {liftedCut.Bound:F0}, {liftedCut.Rounds} rounds, {lifted.CapacityCutCount} capacity cuts, {(keep ? "kept" : "dropped")}, {lifted.DescribeWork()}"), 0);
                if (keep)
                {
                    master = lifted;
                    cut = liftedCut;
                }
                else dropped = liftedCut.Bound;
            }
            if (cut.Bound > bound)
            {
                bound = cut.Bound;
                if (bound >= target)
                    return Proven();
                var refixed = new List<int>(kept.Length);
                for (int k = 0; k < kept.Length; k++) if (cut.Keeps(k, incumbent)) refixed.Add(kept[k]);
                kept = Union([.. refixed], start);
            }
            bound = Math.Max(bound, dropped);
            if (bound >= target)
                return Proven();
            if (options.CompactnessBranching && cut.Converged && !budget.Below(TimeSpan.FromSeconds(1)))
            {
                // Branch and price over the same master (its cuts and columns as the root loop left them). GLOP keeps its
                // presolve here: without it the node LPs of CCG 07W took 0.26 s a solve against 0.17 s with it. The nodes
                // add no cuts of their own: in 07W's 26 s of branching that gave 90 nodes and bound 243,266 against 23
                // nodes and 240,724 with cut rounds at every node.
                master.Fix(cut, incumbent);
                var branched = CompactnessBranching.Solve(master, n, model.Candidates, model.Cost, minCount, maxCount, start, incumbent, bound,
                    budget.Grant("compactness branching", options.CompactnessBranchingShare), options.CompactnessDepthFirst, options.RelativeGap, options.Deadline, separate: false);
                budget.Grant(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"compactness branching ended: {(branched.Proven ? "proven" : "open, " + branched.Stop)}, {branched.Nodes:N0} nodes, bound {branched.Bound:F0}, plan {branched.Incumbent:F0}; master {master.MasterColumns:N0} columns, {master.TripleCuts} triple cuts, {master.DescribeWork()}, {branched.Fixed:N0} closed by reduced costs"), 0);
                if (branched.Chosen is not null && branched.Incumbent < incumbent)
                {
                    start = branched.Chosen;
                    incumbent = branched.Incumbent;
                    kept = Union(kept, start);
                }
                bound = Math.Max(bound, branched.Bound);
                if (branched.Proven)
                    return Proven();
            }
        }
        var engines = budget.Grant(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"integer engines over {kept.Length:N0} candidates"));
        var outcome = WithLpBound(Mip(model, minCount, maxCount, kept, engines, start, options), bound);
        // An engine stopped before it read its hint (seen under heavy load) returns no plan: the incumbent and the bound stand.
        return outcome.Status == EngineStatus.Stopped && outcome.Plan is null ? outcome with { Plan = model.Decode(start) } : outcome;
    }

    /// <summary>Share of the time left that the subset-row cut loop may take before the integer engines start.</summary>
    private const double CutShare = 0.4;

    /// <summary>Least share of the gap between the subset-row cut bound and the target that the capacity cuts must close for
    /// their master to be the one branching and fixing go on with.</summary>
    private const double CapacityKeepShare = 1 / 3.0;

    /// <summary>
    /// The LP optimum bounds every plan at this count, and CP-SAT's own bound over the kept candidates can be weaker when it
    /// stops early; report the better one (an optimal or infeasible outcome stands as it is).
    /// </summary>
    private static Outcome WithLpBound(Outcome outcome, double lpBound)
    {
        if (outcome.Status != EngineStatus.Stopped) return outcome;
        double bound = double.IsFinite(outcome.Bound) ? Math.Max(outcome.Bound, lpBound) : lpBound;
        return outcome with { Bound = bound };
    }

    /// <summary>CP-SAT over <paramref name="columns"/>, hinted with the candidates <paramref name="start"/>.</summary>
    private static Outcome Mip(SetPartitionModel model, int minCount, int maxCount, int[] columns, TimeSpan limit, int[]? start,
        ExactOptions options) => model.Solve(minCount, maxCount, 0, columns, start, options, limit);

    private static double Cost(SetPartitionModel model, int[] candidates)
    {
        double sum = 0;
        foreach (int c in candidates) sum += model.Cost[c];
        return sum;
    }

    /// <summary>The candidates at the first <paramref name="size"/> positions of <paramref name="order"/>, ascending.</summary>
    private static int[] Prefix(int[] columns, int[] order, int size)
    {
        var prefix = new int[Math.Min(size, order.Length)];
        for (int k = 0; k < prefix.Length; k++) prefix[k] = columns[order[k]];
        Array.Sort(prefix);
        return prefix;
    }

    /// <summary>Sorted union of two candidate lists (the first ascending).</summary>
    internal static int[] Union(int[] sorted, int[] extra)
    {
        var set = new SortedSet<int>(sorted);
        foreach (int c in extra) set.Add(c);
        return set.Count == sorted.Length ? sorted : [.. set];
    }
}
