using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Levels;

/// <summary>
/// Groups the units of one level (e.g. consortia) into contiguous groups of the next (federations) with the one solver:
/// the <see cref="Problem"/>'s "practices" are the units, with their patients, patient-weighted mean deprivation, total
/// spend and patient-weighted centre, on the units' adjacency graph; bounds, counts, balance and locks work as for
/// consortia. The grouping is then measured at practice level by the plan evaluation, so every figure is the same
/// measure as for consortia. The deprived-share rule is measured there but not searched (a unit's share cannot be
/// expressed by one score; it holds for a group whenever it holds for each of its units).
/// </summary>
public static class LevelSolver
{
    /// <summary>
    /// Groups the units of <paramref name="lower"/> (a practice-level plan on <paramref name="geography"/>'s practices)
    /// under <paramref name="rules"/>. <paramref name="contiguity"/> replaces the practice graph (a mosaic's relaxed one).
    /// Throws <see cref="InputException"/> when a lock names an unknown unit.
    /// </summary>
    public static LevelSolution Group(PracticeGeography geography, Plan lower, LevelRules rules, SolverOptions options,
        CancellationToken cancellationToken = default, AdjacencyGraph? contiguity = null)
    {
        ArgumentNullException.ThrowIfNull(geography);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(rules);
        var problem = UnitProblem(geography, lower, rules, contiguity);
        var result = Solver.Solve(problem, options, cancellationToken);
        if (result.ConsortiumOf.Length != lower.Count || result.ConsortiumCount == 0) return new LevelSolution(result, null);

        var names = Names(problem, result, rules.Kind);
        var of = new int[lower.ConsortiumOf.Length];
        for (int i = 0; i < of.Length; i++) of[i] = result.ConsortiumOf[lower.ConsortiumOf[i]];
        var plan = new Plan(names, of);
        var evaluation = PlanEvaluator.Evaluate(geography, plan, rules.Rules, withPolygons: true, contiguity);
        return new LevelSolution(result, new PlanLevel(rules.Kind, plan, evaluation, result, "solved"));
    }

    /// <summary>The solver's problem whose "practices" are the units of <paramref name="lower"/>.</summary>
    public static Problem UnitProblem(PracticeGeography geography, Plan lower, LevelRules rules, AdjacencyGraph? contiguity = null)
    {
        var practices = geography.Practices;
        int k = lower.Count;
        var patients = new double[k];
        var depPatients = new double[k];
        var depSum = new double[k];
        var spend = new double[k];
        var spending = new bool[k];
        var x = new double[k];
        var y = new double[k];
        for (int i = 0; i < practices.Count; i++)
        {
            var p = practices[i];
            int u = lower.ConsortiumOf[i];
            patients[u] += p.Patients;
            if (!double.IsNaN(p.Deprivation)) { depPatients[u] += p.Patients; depSum[u] += p.Patients * p.Deprivation; }
            if (!double.IsNaN(p.Spend)) { spend[u] += p.Spend; spending[u] = true; }
            x[u] += p.Patients * p.Easting;
            y[u] += p.Patients * p.Northing;
        }
        var deprivation = new double[k];
        for (int u = 0; u < k; u++)
        {
            if (!(patients[u] > 0))
                throw new ArgumentException($"{LevelRules.Name(LevelKind.Consortium).One} '{lower.ConsortiumNames[u]}' has no practices; a plan's units must each hold some.", nameof(lower));
            deprivation[u] = depPatients[u] > 0 ? depSum[u] / depPatients[u] : double.NaN;
            if (!spending[u]) spend[u] = double.NaN;
            x[u] /= patients[u];
            y[u] /= patients[u];
        }
        var (locked, lockNames) = Locks(lower, rules);
        var graph = UnitGraph.Of(contiguity ?? geography.PracticeGraph, lower.ConsortiumOf, k);
        var unitRules = rules.Rules with { MinDeprivedShare = null, SpreadWeight = 0, DisruptionWeight = 0 };
        return new Problem(graph, patients, deprivation, spend, x, y, unitRules, null, locked, lockNames, lower.ConsortiumNames.ToArray());
    }

    private static (int[]? Locked, IReadOnlyList<string> Names) Locks(Plan lower, LevelRules rules)
    {
        if (rules.Locks.Count == 0) return (null, []);
        var unitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int u = 0; u < lower.Count; u++) unitIndex.TryAdd(lower.ConsortiumNames[u], u);
        var locked = new int[lower.Count];
        Array.Fill(locked, -1);
        var names = new List<string>();
        var nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<InputProblem>();
        var level = LevelRules.Name(rules.Kind).One;
        foreach (var (unit, group) in rules.Locks)
        {
            string where = $"{level} lock {unit}={group}";
            if (!unitIndex.TryGetValue(unit, out int u))
            {
                problems.Add(new InputProblem(where, "consortium", unit, $"No consortium of the plan is called '{unit}'. Use a name from the consortia layer."));
                continue;
            }
            if (!nameIndex.TryGetValue(group, out int g)) { nameIndex[group] = g = names.Count; names.Add(group); }
            if (locked[u] >= 0 && locked[u] != g)
                problems.Add(new InputProblem(where, "consortium", unit, $"The consortium is already locked to '{names[locked[u]]}'. Lock it to one {level}."));
            locked[u] = g;
        }
        if (problems.Count > 0) throw new InputException(problems);
        return (locked, names);
    }

    /// <summary>Lock names stay; the other groups are named by the level's prefix in solver order (F001, F002, …).</summary>
    private static string[] Names(Problem problem, SolveResult result, LevelKind kind)
    {
        var names = new string[result.ConsortiumCount];
        var hasLock = new bool[names.Length];
        for (int u = 0; u < problem.PracticeCount; u++) if (problem.Locked[u] >= 0) hasLock[result.ConsortiumOf[u]] = true;
        string prefix = LevelRules.Prefix(kind);
        for (int g = 0; g < names.Length; g++)
            names[g] = hasLock[g] ? result.ConsortiumNames[g] : prefix + (g + 1).ToString("000", CultureInfo.InvariantCulture);
        return names;
    }
}
