using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

/// <summary>Small synthetic problems: grids, jittered grids with random diagonals, and disconnected islands.</summary>
internal static class TestInstances
{
    /// <summary>Rules for the 14×12 grids of about 10,000 patients a practice: 40,000–160,000 patients and a ±25%
    /// deprivation and spend band, which a carved plan usually breaks.</summary>
    public static readonly ConsortiumRules Banded = new()
    {
        MinPatients = 40_000, MaxPatients = 160_000,
        Deprivation = new BalanceTolerance(0.25, ToleranceKind.Relative),
        Spend = new BalanceTolerance(0.25, ToleranceKind.Relative),
    };

    /// <summary>A w×h grid, 1 km spacing, optional random diagonals and jitter, with random list sizes.</summary>
    public static Problem Grid(int w, int h, ConsortiumRules rules, int seed, double meanPatients = 10_000, bool diagonals = false,
        double jitter = 0, int[]? locked = null, IReadOnlyList<string>? lockNames = null, bool groups = false)
    {
        var rng = new Random(seed);
        int n = w * h;
        var edges = new List<(int, int)>();
        var x = new double[n]; var y = new double[n];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++)
            {
                int v = j * w + i;
                x[v] = 400_000 + 1000 * i + jitter * (rng.NextDouble() - 0.5) * 1000;
                y[v] = 300_000 + 1000 * j + jitter * (rng.NextDouble() - 0.5) * 1000;
                if (i + 1 < w) edges.Add((v, v + 1));
                if (j + 1 < h) edges.Add((v, v + w));
                if (diagonals && i + 1 < w && j + 1 < h)
                {
                    if (rng.Next(2) == 0) edges.Add((v, v + w + 1)); else edges.Add((v + 1, v + w));
                }
            }
        return Build(AdjacencyGraph.FromEdges(n, edges), x, y, rules, rng, meanPatients, locked, lockNames, groups ? ExistingGroups(w, h) : null);
    }

    /// <summary>Several separate grids (islands) side by side, each <paramref name="size"/>×<paramref name="size"/>.</summary>
    public static Problem Islands(int[] sizes, ConsortiumRules rules, int seed, double meanPatients = 10_000)
    {
        var rng = new Random(seed);
        var edges = new List<(int, int)>();
        var xs = new List<double>(); var ys = new List<double>();
        int offset = 0;
        double originX = 400_000;
        foreach (int s in sizes)
        {
            for (int j = 0; j < s; j++)
                for (int i = 0; i < s; i++)
                {
                    int v = offset + j * s + i;
                    xs.Add(originX + 1000 * i); ys.Add(300_000 + 1000 * j);
                    if (i + 1 < s) edges.Add((v, v + 1));
                    if (j + 1 < s) edges.Add((v, v + s));
                }
            offset += s * s;
            originX += 1000 * (s + 5);
        }
        return Build(AdjacencyGraph.FromEdges(offset, edges), xs.ToArray(), ys.ToArray(), rules, rng, meanPatients, null, null, null);
    }

    public static Problem FromEdges(int n, (int, int)[] edges, double[] patients, ConsortiumRules rules, double[]? deprivation = null,
        int[]? locked = null, IReadOnlyList<string>? lockNames = null)
    {
        var x = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = 400_000 + 1000 * i; y[i] = 300_000; }
        var dep = deprivation ?? Filled(n, 20);
        var spend = new double[n];
        for (int i = 0; i < n; i++) spend[i] = patients[i] * 150;
        return new Problem(AdjacencyGraph.FromEdges(n, edges), patients, dep, spend, x, y, rules, null, locked, lockNames);
    }

    private static int[] ExistingGroups(int w, int h)
    {
        var g = new int[w * h];
        for (int j = 0; j < h; j++) for (int i = 0; i < w; i++) g[j * w + i] = (i * 3 / w) + 3 * (j * 2 / h);
        return g;
    }

    private static Problem Build(AdjacencyGraph graph, double[] x, double[] y, ConsortiumRules rules, Random rng, double meanPatients,
        int[]? locked, IReadOnlyList<string>? lockNames, int[]? groups)
    {
        int n = graph.VertexCount;
        var p = new double[n]; var dep = new double[n]; var spend = new double[n];
        double minX = double.MaxValue, maxX = double.MinValue;
        for (int i = 0; i < n; i++) { minX = Math.Min(minX, x[i]); maxX = Math.Max(maxX, x[i]); }
        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Round(meanPatients * (0.5 + rng.NextDouble()));
            // Deprivation rises west to east (clustered, as in England), with noise; some unknown.
            double t = maxX > minX ? (x[i] - minX) / (maxX - minX) : 0.5;
            dep[i] = rng.Next(20) == 0 ? double.NaN : 10 + 25 * t + 5 * rng.NextDouble();
            spend[i] = rng.Next(25) == 0 ? double.NaN : p[i] * (140 + 30 * rng.NextDouble());
        }
        var codes = new string[n];
        for (int i = 0; i < n; i++) codes[i] = $"P{i:0000}";
        return new Problem(graph, p, dep, spend, x, y, rules, groups, locked, lockNames, codes);
    }

    public static double[] Filled(int n, double v)
    {
        var a = new double[n];
        Array.Fill(a, v);
        return a;
    }
}
