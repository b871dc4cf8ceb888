using Partitioner.Core.Geography;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving;

/// <summary>
/// What the solver is asked: practices as dense indices 0..n-1 with their numbers, the
/// neighbourhood graph over them, and the rules. Coordinates are British National Grid metres
/// (EPSG:27700). Immutable once built; safe to share between solver threads.
/// </summary>
public sealed class Problem
{
    public Problem(
        AdjacencyGraph graph,
        double[] patients,
        double[] deprivation,
        double[] spend,
        double[] x,
        double[] y,
        ConsortiumRules rules,
        int[]? existingGroup = null,
        int[]? locked = null,
        IReadOnlyList<string>? lockNames = null,
        IReadOnlyList<string>? practiceCodes = null,
        double[]? borderMetres = null)
    {
        int n = graph.VertexCount;
        Check(patients, n, nameof(patients));
        Check(deprivation, n, nameof(deprivation));
        Check(spend, n, nameof(spend));
        Check(x, n, nameof(x));
        Check(y, n, nameof(y));
        if (existingGroup is not null && existingGroup.Length != n) throw new ArgumentException($"{nameof(existingGroup)} must have one entry per practice ({n}).");
        if (locked is not null && locked.Length != n) throw new ArgumentException($"{nameof(locked)} must have one entry per practice ({n}).");
        if (borderMetres is not null && borderMetres.Length != graph.Targets.Length)
            throw new ArgumentException($"{nameof(borderMetres)} must have one entry per edge of the graph in CSR order ({graph.Targets.Length}).");
        Graph = graph;
        Patients = patients;
        Deprivation = deprivation;
        Spend = spend;
        X = x;
        Y = y;
        Rules = rules;
        ExistingGroup = existingGroup ?? Filled(n, -1);
        BorderMetres = borderMetres ?? new double[graph.Targets.Length];
        Locked = locked ?? Filled(n, -1);
        LockNames = lockNames ?? Array.Empty<string>();
        PracticeCodes = practiceCodes ?? Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Neighbourhood graph over practices (co-located practices are adjacent; island bridges included).</summary>
    public AdjacencyGraph Graph { get; }

    /// <summary>Number of practices.</summary>
    public int PracticeCount => Graph.VertexCount;

    /// <summary>Registered patients per practice (all &gt; 0).</summary>
    public double[] Patients { get; }

    /// <summary>Deprivation score (IMD, higher = more deprived) per practice; NaN = left out of deprivation balance sums.</summary>
    public double[] Deprivation { get; }

    /// <summary>Spend per practice in £ per year (total, not per patient); NaN = left out of spend balance sums.</summary>
    public double[] Spend { get; }

    /// <summary>Easting in metres (EPSG:27700).</summary>
    public double[] X { get; }

    /// <summary>Northing in metres (EPSG:27700).</summary>
    public double[] Y { get; }

    /// <summary>The rules a plan must meet and the objective's weights.</summary>
    public ConsortiumRules Rules { get; }

    /// <summary>Length in metres of the border between the cells of the two practices of each graph edge, aligned with
    /// <see cref="AdjacencyGraph.Targets"/> (0 = unknown, or practices sharing a site); the boundary term measures it.</summary>
    public double[] BorderMetres { get; }

    /// <summary>Existing grouping index per practice (e.g. its current CCG) for the disruption term; -1 = none.</summary>
    public int[] ExistingGroup { get; }

    /// <summary>Index into <see cref="LockNames"/> of the consortium a practice is pinned to; -1 = free.</summary>
    public int[] Locked { get; }

    /// <summary>Names of the consortia practices are pinned to.</summary>
    public IReadOnlyList<string> LockNames { get; }

    /// <summary>Practice codes, for messages.</summary>
    public IReadOnlyList<string> PracticeCodes { get; }

    private static void Check(double[] a, int n, string name)
    {
        if (a.Length != n) throw new ArgumentException($"{name} must have one entry per practice ({n}), not {a.Length}.");
    }

    private static int[] Filled(int n, int value)
    {
        var a = new int[n];
        Array.Fill(a, value);
        return a;
    }
}
