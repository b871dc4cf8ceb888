using Partitioner.Core.Geography;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving;

/// <summary>
/// Part of a problem as a problem of its own: the given practices with their numbers, the neighbourhood graph among them
/// (border lengths kept) and new rules; no locks and no existing groups. For work inside one consortium, such as
/// splitting it into localities.
/// </summary>
public static class ProblemArea
{
    /// <summary>The problem of <paramref name="practices"/> (indices into <paramref name="problem"/>, in the order given)
    /// under <paramref name="rules"/>; practice i of the result is <paramref name="practices"/>[i].</summary>
    public static Problem Of(Problem problem, IReadOnlyList<int> practices, ConsortiumRules rules)
    {
        int n = practices.Count;
        var local = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) local[practices[i]] = i;
        var edges = new List<(int, int)>();
        var lengths = new Dictionary<(int, int), double>();
        var offsets = problem.Graph.Offsets;
        var targets = problem.Graph.Targets;
        for (int i = 0; i < n; i++)
        {
            int v = practices[i];
            for (int e = offsets[v]; e < offsets[v + 1]; e++)
                if (local.TryGetValue(targets[e], out int j) && j > i) { edges.Add((i, j)); lengths[(i, j)] = problem.BorderMetres[e]; }
        }
        var graph = AdjacencyGraph.FromEdges(n, edges);
        var borders = new double[graph.Targets.Length];
        for (int i = 0, e = 0; i < n; i++)
            foreach (int j in graph.Neighbours(i)) borders[e++] = lengths[(Math.Min(i, j), Math.Max(i, j))];
        double[] Pick(double[] values) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = values[practices[i]]; return a; }
        var codes = new string[n];
        for (int i = 0; i < n; i++) codes[i] = problem.PracticeCodes[practices[i]];
        return new Problem(graph, Pick(problem.Patients), Pick(problem.Deprivation), Pick(problem.Spend), Pick(problem.X), Pick(problem.Y),
            rules, practiceCodes: codes, borderMetres: borders);
    }
}
