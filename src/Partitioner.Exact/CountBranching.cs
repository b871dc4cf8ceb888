namespace Partitioner.Exact;

/// <summary>
/// Decides whether the area can be split into at most a given number of consortia by branch and bound on pairs of
/// practices (Ryan–Foster: the two in one consortium, or apart), each node bounded by the subset-row-cut relaxation
/// (<see cref="SubsetRowCuts"/>) of "fewest consortia" over the candidates that node allows. A node whose bound exceeds
/// the count is pruned; a node whose LP answer is a whole plan ends the search with that plan. Depth first, "together"
/// before "apart", stopped by the time limit. By default one master LP serves the whole tree (<see cref="MasterLp"/>:
/// branches as bounds, undone on backtracking, cuts kept); the cold tree, a new LP at every node, is kept to check it
/// against. Deterministic; thread-safe (each call has its own LP).
/// </summary>
/// <remarks>
/// Where the seed's count is one above the relaxation's bound (real 2021/22 CCGs 15N, 52R, 15E, 93C: the cut bound is
/// exactly the seed's count − 1), only branching can tell whether that count is reachable; figures in
/// tools/Partitioner.Bench.Exact/RESULTS.md.
/// </remarks>
internal static class CountBranching
{
    /// <summary>How the search ended: <see cref="EngineStatus.Infeasible"/> (no plan has at most that many consortia),
    /// <see cref="EngineStatus.Optimal"/> with the plan's candidates, or <see cref="EngineStatus.Stopped"/>; nodes explored.</summary>
    public sealed record Outcome(EngineStatus Status, int[]? Chosen, int Nodes);

    /// <summary>Whether some plan over <paramref name="columns"/> has <paramref name="minCount"/>–<paramref name="maxCount"/> consortia.
    /// <paramref name="warm"/> keeps one master LP across the tree (<see cref="MasterLp"/>); otherwise every node builds
    /// and solves its own (kept to check the warm tree against). The search stops undecided after <paramref name="maxNodes"/>
    /// nodes.</summary>
    public static Outcome Solve(int practiceCount, IReadOnlyList<int[]> candidates, int[] columns, IReadOnlyList<int> initial,
        int minCount, int maxCount, TimeSpan limit, IReadOnlyList<(int A, int B, int C)>? cuts = null, CancellationToken stop = default,
        bool warm = true, int maxNodes = int.MaxValue)
    {
        if (warm) return SolveWarm(practiceCount, candidates, columns, initial, minCount, maxCount, limit, cuts, stop, maxNodes);

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ones = new double[candidates.Count];
        Array.Fill(ones, 1.0);
        int nodes = 0;
        // Each frame: the decisions so far (i, j, together) and the parent's support to start the master from.
        var stack = new Stack<(List<(int I, int J, bool Together)> Decisions, List<int> Start, IReadOnlyList<(int, int, int)> Cuts)>();
        stack.Push(([], [.. initial], cuts ?? []));
        while (stack.Count > 0)
        {
            if (stop.IsCancellationRequested || nodes >= maxNodes || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= limit) return new Outcome(EngineStatus.Stopped, null, nodes);
            var (decisions, start, nodeCuts) = stack.Pop();
            nodes++;
            var allowed = Allowed(candidates, columns, decisions);
            var answer = SubsetRowCuts.Solve(practiceCount, candidates, ones, allowed, start, minCount, maxCount,
                maxCount + 1e-4, SatEngine.Remaining(limit, started), cuts: nodeCuts, stop: stop);
            if (answer.Bound > maxCount + 1e-6) continue;
            if (!answer.Converged && answer.Support.Count == 0) return new Outcome(EngineStatus.Stopped, null, nodes);
            if (!answer.Artificial && Whole(practiceCount, candidates, answer.Support, minCount, maxCount) is { } plan)
                return new Outcome(EngineStatus.Optimal, plan, nodes);
            if (!answer.Converged) return new Outcome(EngineStatus.Stopped, null, nodes);
            var pair = Fractional(practiceCount, candidates, answer.Support);
            if (pair is null) return new Outcome(EngineStatus.Stopped, null, nodes);
            var support = new List<int>(answer.Support.Count);
            foreach (var (c, _) in answer.Support) support.Add(c);
            var (i, j) = pair.Value;
            // Children separate their own cuts: handing them the parent's (valid for every plan) made the LPs larger and
            // the search slower (CCG 15N: 338 nodes in 29 s against 437).
            stack.Push(([.. decisions, (i, j, false)], support, []));
            stack.Push(([.. decisions, (i, j, true)], support, []));
        }
        return new Outcome(EngineStatus.Infeasible, null, nodes);
    }

    /// <summary>
    /// Depth first over one <see cref="MasterLp"/>: each frame names the branch that leads to it and its depth, and
    /// the branches of the master deeper than that are undone before it is applied.
    /// </summary>
    private static Outcome SolveWarm(int practiceCount, IReadOnlyList<int[]> candidates, int[] columns, IReadOnlyList<int> initial,
        int minCount, int maxCount, TimeSpan limit, IReadOnlyList<(int A, int B, int C)>? cuts, CancellationToken stop, int maxNodes)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var master = new MasterLp(practiceCount, candidates, null, columns, initial, minCount, maxCount, cuts, reoptimise: true);
        int nodes = 0;
        var stack = new Stack<(int I, int J, bool Together, int Depth)>();
        stack.Push((-1, -1, false, 0));
        while (stack.Count > 0)
        {
            if (stop.IsCancellationRequested || nodes >= maxNodes || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= limit) return new Outcome(EngineStatus.Stopped, null, nodes);
            var (bi, bj, together, depth) = stack.Pop();
            while (master.Depth >= depth && master.Depth > 0) master.Undo();
            if (depth > 0) master.Branch(bi, bj, together);
            nodes++;
            var answer = master.Solve(maxCount + 1e-4, SatEngine.Remaining(limit, started), stop);
            if (answer.Bound > maxCount + 1e-6) continue;
            if (!answer.Artificial && Whole(practiceCount, candidates, answer.Support, minCount, maxCount) is { } plan)
                return new Outcome(EngineStatus.Optimal, plan, nodes);
            if (!answer.Converged) return new Outcome(EngineStatus.Stopped, null, nodes);
            if (Fractional(practiceCount, candidates, answer.Support) is not { } pair) return new Outcome(EngineStatus.Stopped, null, nodes);
            stack.Push((pair.Item1, pair.Item2, false, depth + 1));
            stack.Push((pair.Item1, pair.Item2, true, depth + 1));
        }
        return new Outcome(EngineStatus.Infeasible, null, nodes);
    }

    /// <summary>The columns that respect every decision: both practices of a "together" pair or neither, not both of an "apart" pair.</summary>
    private static int[] Allowed(IReadOnlyList<int[]> candidates, int[] columns, List<(int I, int J, bool Together)> decisions)
    {
        if (decisions.Count == 0) return columns;
        var kept = new List<int>(columns.Length);
        foreach (int c in columns)
        {
            var set = candidates[c];
            bool ok = true;
            foreach (var (i, j, together) in decisions)
            {
                bool hasI = Array.BinarySearch(set, i) >= 0, hasJ = Array.BinarySearch(set, j) >= 0;
                if (together ? hasI != hasJ : hasI && hasJ)
                {
                    ok = false;
                    break;
                }
            }
            if (ok) kept.Add(c);
        }
        return [.. kept];
    }

    /// <summary>The support as a plan when it is one: every value 1, every practice covered once, count in range.</summary>
    internal static int[]? Whole(int n, IReadOnlyList<int[]> candidates, IReadOnlyList<(int Candidate, double Value)> support, int minCount, int maxCount)
    {
        var covered = new int[n];
        var chosen = new List<int>();
        foreach (var (c, x) in support)
        {
            if (x < 1 - 1e-6) return null;
            chosen.Add(c);
            foreach (int i in candidates[c]) covered[i]++;
        }
        foreach (int k in covered) if (k != 1) return null;
        return chosen.Count >= minCount && chosen.Count <= maxCount ? [.. chosen] : null;
    }

    /// <summary>The pair of practices whose togetherness in the LP answer is nearest one half (lowest indices on ties), or null.</summary>
    internal static (int, int)? Fractional(int n, IReadOnlyList<int[]> candidates, IReadOnlyList<(int Candidate, double Value)> support)
    {
        var together = new Dictionary<long, double>();
        foreach (var (c, x) in support)
        {
            var set = candidates[c];
            for (int p = 0; p < set.Length; p++)
                for (int q = p + 1; q < set.Length; q++)
                {
                    long key = (long)set[p] * n + set[q];
                    together[key] = together.GetValueOrDefault(key) + x;
                }
        }
        long best = -1;
        double distance = double.PositiveInfinity;
        foreach (var (key, value) in together)
        {
            if (value < 1e-6 || value > 1 - 1e-6) continue;
            double d = Math.Abs(value - 0.5);
            if (d < distance - 1e-12 || (Math.Abs(d - distance) <= 1e-12 && key < best))
            {
                distance = d;
                best = key;
            }
        }
        return best < 0 ? null : ((int)(best / n), (int)(best % n));
    }
}
