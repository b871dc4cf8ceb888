namespace Partitioner.Core.Ensembles;

/// <summary>The bound M(R) of the reversible ReCom chain (<see cref="ReversibleRecomChain"/>) on the balanced cuts of any
/// spanning tree of a region, from its practices' list sizes alone.</summary>
internal static class CutBound
{
    /// <summary>
    /// M(R): at most this many edges of any spanning tree of a region of <paramref name="r"/> practices weighing
    /// <paramref name="total"/> in all (list sizes ascending in <paramref name="sorted"/>) leave both sides between
    /// <paramref name="low"/> and <paramref name="high"/>. Whether an edge does is the same from any root, so root the
    /// tree at the heaviest practice: each such edge cuts off the subtree below it, weighing between low and high, and any
    /// two of these subtrees are disjoint or nested (a laminar family). Say d of them are minimal: they are pairwise
    /// disjoint and weigh at least d · low together. Every other one contains a minimal one, so its top practice lies
    /// outside all the minimal ones (a subtree with its top inside a minimal subtree would lie inside it) and is not the
    /// root; distinct subtrees have distinct tops. Those tops therefore weigh at most total − d · low − (the root's list
    /// size), and also at most d · (high − low): the largest subtrees are at most d disjoint ones, each within high,
    /// holding the other tops and at least one minimal subtree each. So there are at most d + (the most practices other
    /// than the root whose list sizes add up to that much) such edges, whatever the tree; M(R) is the largest of these over
    /// d, and never more than r − 1. It depends on the region only, so it is the same for a move and its reverse.
    /// </summary>
    public static long Of(double[] sorted, int r, double total, double low, double high)
    {
        if (r < 2) return 1;
        double root = sorted[r - 1], rest = total - root;
        long minimal = low > 0 ? Math.Min(r - 1, (long)Math.Floor(rest / low)) : r - 1;
        // The budget rises then falls with d, so the smallest practices within it are found by moving one pointer both
        // ways (O(r) in all, not O(r) per d: a tiny minimum size allows many d). The margin, far above the rounding of
        // the running sum, can only raise the bound.
        double margin = 1e-9 * Math.Abs(total);
        long best = 1;
        double run = 0;
        int tops = 0;
        for (long d = 1; d <= minimal; d++)
        {
            double budget = Math.Min(rest - d * low, d * (high - low)) + margin;
            while (tops < r - 1 && run + sorted[tops] <= budget) run += sorted[tops++];
            while (tops > 0 && run > budget) run -= sorted[--tops];
            best = Math.Max(best, d + tops);
        }
        return Math.Min(r - 1, best);
    }
}
