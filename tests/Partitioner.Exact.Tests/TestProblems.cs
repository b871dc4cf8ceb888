using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

/// <summary>Small hand-made instances: practices on grids and paths, 1 km apart.</summary>
internal static class TestProblems
{
    public static Problem Grid(int rows, int cols, double[] patients, ConsortiumRules rules,
        double[]? deprivation = null, double[]? spend = null, int[]? locked = null, IReadOnlyList<string>? lockNames = null)
    {
        int n = rows * cols;
        var edges = new List<(int, int)>();
        var x = new double[n];
        var y = new double[n];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                int v = r * cols + c;
                x[v] = c * 1000.0;
                y[v] = r * 1000.0;
                if (c + 1 < cols) edges.Add((v, v + 1));
                if (r + 1 < rows) edges.Add((v, v + cols));
            }
        }
        return new Problem(AdjacencyGraph.FromEdges(n, edges), patients,
            deprivation ?? Filled(n, 20), spend ?? Scaled(patients, 150), x, y, rules,
            locked: locked, lockNames: lockNames);
    }

    public static Problem Path(double[] patients, ConsortiumRules rules, double[]? deprivation = null) =>
        Grid(1, patients.Length, patients, rules, deprivation);

    public static double[] RandomPatients(int n, int seed, double low, double high)
    {
        var random = new Random(seed);
        var p = new double[n];
        for (int i = 0; i < n; i++) p[i] = Math.Round(low + random.NextDouble() * (high - low));
        return p;
    }

    public static double[] RandomValues(int n, int seed, double low, double high)
    {
        var random = new Random(seed * 7919 + 1);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = low + random.NextDouble() * (high - low);
        return v;
    }

    public static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }

    private static double[] Scaled(double[] p, double factor) => p.Select(v => v * factor).ToArray();
}
