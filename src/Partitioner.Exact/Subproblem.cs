using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>A problem restricted to some practices (induced subgraph), with the map back to the original indices.</summary>
public sealed class Subproblem
{
    private Subproblem(Problem problem, int[] originalIndex)
    {
        Problem = problem;
        OriginalIndex = originalIndex;
    }

    /// <summary>The restricted problem, practices renumbered 0..k-1 in ascending original order.</summary>
    public Problem Problem { get; }

    /// <summary>Original practice index of each practice of <see cref="Problem"/>.</summary>
    public int[] OriginalIndex { get; }

    /// <summary>Restricts <paramref name="problem"/> to <paramref name="practices"/> under <paramref name="rules"/>.</summary>
    public static Subproblem Extract(Problem problem, IEnumerable<int> practices, ConsortiumRules rules)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var original = practices.Distinct().Order().ToArray();
        var local = new Dictionary<int, int>(original.Length);
        for (int k = 0; k < original.Length; k++) local[original[k]] = k;
        var edges = new List<(int, int)>();
        for (int k = 0; k < original.Length; k++)
        {
            foreach (int w in problem.Graph.Neighbours(original[k]))
            {
                if (local.TryGetValue(w, out int kw) && kw > k) edges.Add((k, kw));
            }
        }
        double[] Pick(double[] a) => original.Select(i => a[i]).ToArray();
        var sub = new Problem(
            AdjacencyGraph.FromEdges(original.Length, edges),
            Pick(problem.Patients), Pick(problem.Deprivation), Pick(problem.Spend), Pick(problem.X), Pick(problem.Y),
            rules,
            existingGroup: original.Select(i => problem.ExistingGroup[i]).ToArray(),
            locked: original.Select(i => problem.Locked[i]).ToArray(),
            lockNames: problem.LockNames,
            practiceCodes: original.Select(i => problem.PracticeCodes[i]).ToArray());
        return new Subproblem(sub, original);
    }
}
