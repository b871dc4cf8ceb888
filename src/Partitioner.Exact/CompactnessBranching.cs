namespace Partitioner.Exact;

/// <summary>
/// Branch and price on the compactness program: Ryan–Foster branching on pairs of practices (the two in one consortium,
/// or apart) over one warm <see cref="MasterLp"/> with subset-row cuts, the incumbent as cutoff. Each node is bounded by
/// the master's Lagrangian bound and pruned when it reaches the incumbent; a node whose LP answer is a whole plan cheaper
/// than the incumbent replaces it; at each node the candidates whose reduced cost shows them in no better plan are
/// closed for its subtree. Nodes are taken best bound first (or depth first); the bound reported is the least bound of
/// the nodes left open (the incumbent's cost when none is). Deterministic; not thread-safe (one master, one thread).
/// </summary>
/// <remarks>
/// Switching between nodes undoes the master's branches down to the two nodes' common ancestor and applies the rest of
/// the new node's path, so each candidate is closed exactly while a decision on its path excludes it. Figures are in
/// tools/Partitioner.Bench.Exact/RESULTS.md.
/// </remarks>
internal static class CompactnessBranching
{
    /// <summary>How the search ended: the best plan's candidates (the incumbent's when nothing better was found) and cost,
    /// the least bound of the open nodes, whether the tree was closed (the plan proven optimal), nodes solved and
    /// candidates closed by reduced-cost fixing; <see cref="Stop"/> says why an open tree stopped.</summary>
    public sealed record Outcome(int[]? Chosen, double Incumbent, double Bound, bool Proven, int Nodes, int Fixed)
    {
        /// <summary>Why the search stopped with nodes open: "time" or "no fractional pair", and how many nodes' LPs GLOP did not
        /// solve (left open); empty when closed.</summary>
        public string Stop { get; init; } = "";
    }

    /// <summary>A node: the decision that leads to it from <see cref="Parent"/> (null at the root) and the parent's bound.</summary>
    private sealed record Node(Node? Parent, int I, int J, bool Together, int Depth, double Bound);

    /// <summary>
    /// Searches the tree under <paramref name="master"/> (at depth 0, its cuts and columns as left by the root cut loop)
    /// for a plan cheaper than <paramref name="incumbent"/> (<paramref name="chosen"/>'s cost, candidate indices; infinity
    /// without one) with <paramref name="minCount"/>–<paramref name="maxCount"/> consortia, within
    /// <paramref name="limit"/>. <paramref name="rootBound"/> (a bound already proven, e.g. the root cut loop's) is the
    /// least the reported bound can be. Stops when the open nodes' least bound is within <paramref name="relativeGap"/>
    /// of the incumbent. With <paramref name="separate"/> false the nodes add no cuts (the master's LP with the cuts it has).
    /// </summary>
    public static Outcome Solve(MasterLp master, int practiceCount, IReadOnlyList<int[]> candidates, double[] cost, int minCount, int maxCount,
        int[]? chosen, double incumbent, double rootBound, TimeSpan limit, bool depthFirst = false, double relativeGap = 0,
        CancellationToken stop = default, bool separate = true)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool TimeUp() => stop.IsCancellationRequested || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= limit;
        double Cutoff() => incumbent - Math.Max(relativeGap * Math.Abs(incumbent), 1e-9 * Math.Max(1, Math.Abs(incumbent)));
        while (master.Depth > 0) master.Undo();
        var open = new PriorityQueue<Node, (double, long)>();
        var stack = new Stack<Node>();
        long sequence = 0;
        void Push(Node node)
        {
            if (depthFirst) stack.Push(node);
            else open.Enqueue(node, (node.Bound, sequence++));
        }
        int Count() => depthFirst ? stack.Count : open.Count;
        Node Pop() => depthFirst ? stack.Pop() : open.Dequeue();
        Push(new Node(null, -1, -1, false, 0, rootBound));
        var applied = new List<Node>();
        int nodes = 0, fixedCount = 0;
        string why = "time";
        var stuck = new List<Node>();
        while (Count() > 0)
        {
            if (TimeUp()) break;
            var node = Pop();
            if (node.Bound >= Cutoff()) continue;
            MoveTo(master, applied, node);
            nodes++;
            var answer = master.Solve(Cutoff(), SatEngine.Remaining(limit, started), stop, separate);
            double bound = Math.Max(node.Bound, answer.Bound);
            if (bound >= Cutoff()) continue;
            if (!answer.Converged)
            {
                // Out of time inside the node: it stays open with what its master proved.
                if (TimeUp())
                {
                    Push(node with { Bound = bound });
                    break;
                }
                // GLOP gave no optimum, even from scratch: the node stays open (its bound counts) and the search goes on.
                stuck.Add(node with { Bound = bound });
                continue;
            }
            if (!answer.Artificial && CountBranching.Whole(practiceCount, candidates, answer.Support, minCount, maxCount) is { } plan)
            {
                double value = 0;
                foreach (int c in plan) value += cost[c];
                if (value < incumbent)
                {
                    incumbent = value;
                    chosen = plan;
                }
                continue;
            }
            if (double.IsFinite(incumbent)) fixedCount += master.Fix(answer, incumbent);
            if (CountBranching.Fractional(practiceCount, candidates, answer.Support) is not { } pair)
            {
                // A fractional answer with every pair whole (repeated candidates): not branchable here; kept open.
                Push(node with { Bound = bound });
                why = "no fractional pair";
                break;
            }
            // Depth first takes "together" first (pushed last); best first orders the two by bound, then by sequence.
            Push(new Node(node, pair.Item1, pair.Item2, false, node.Depth + 1, bound));
            Push(new Node(node, pair.Item1, pair.Item2, true, node.Depth + 1, bound));
        }
        while (master.Depth > 0) master.Undo();
        double least = incumbent;
        if (depthFirst) foreach (var node in stack) least = Math.Min(least, node.Bound);
        else foreach (var (node, _) in open.UnorderedItems) least = Math.Min(least, node.Bound);
        foreach (var node in stuck) least = Math.Min(least, node.Bound);
        bool proven = (Count() == 0 && stuck.Count == 0) || least >= Cutoff();
        if (stuck.Count > 0) why += string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {stuck.Count} node LPs unsolved");
        return new Outcome(chosen, incumbent, Math.Max(least, rootBound), proven, nodes, fixedCount) { Stop = proven ? "" : why };
    }

    /// <summary>Undoes the master's branches down to the common ancestor of the applied path and <paramref name="node"/>,
    /// then applies the rest of the node's path.</summary>
    private static void MoveTo(MasterLp master, List<Node> applied, Node node)
    {
        var path = new List<Node>(node.Depth);
        for (var at = node; at is not null && at.Depth > 0; at = at.Parent) path.Add(at);
        path.Reverse();
        int common = 0;
        while (common < applied.Count && common < path.Count && ReferenceEquals(applied[common], path[common])) common++;
        while (applied.Count > common)
        {
            master.Undo();
            applied.RemoveAt(applied.Count - 1);
        }
        for (int d = common; d < path.Count; d++)
        {
            master.Branch(path[d].I, path[d].J, path[d].Together);
            applied.Add(path[d]);
        }
    }
}
