using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Levels;

/// <summary>
/// A nested plan, smallest level first: consortium, then federation, then support agency (localities, when produced,
/// go first). <see cref="Nesting"/>[i] says how level i sits in level i + 1. A level the solver could not group in
/// strict mode is not in <see cref="Levels"/>; its result is in <see cref="Unsolved"/>.
/// </summary>
public sealed class PlanLevels
{
    private PlanLevels(IReadOnlyList<PlanLevel> levels, IReadOnlyList<LevelNesting> nesting, IReadOnlyList<(LevelKind Kind, SolveResult Result)> unsolved)
    {
        Levels = levels;
        Nesting = nesting;
        Unsolved = unsolved;
    }

    /// <summary>The levels, smallest first.</summary>
    public IReadOnlyList<PlanLevel> Levels { get; }

    /// <summary>How each level's units sit in the next level's (one fewer than the levels).</summary>
    public IReadOnlyList<LevelNesting> Nesting { get; }

    /// <summary>Levels asked for that strict mode could not group, with the solver's reasons.</summary>
    public IReadOnlyList<(LevelKind Kind, SolveResult Result)> Unsolved { get; }

    /// <summary>The level of this kind, or null.</summary>
    public PlanLevel? Find(LevelKind kind)
    {
        foreach (var l in Levels) if (l.Kind == kind) return l;
        return null;
    }

    /// <summary>True when every level meets every rule and every unit nests in one unit of the level above.</summary>
    public bool MeetsAllRules
    {
        get
        {
            foreach (var l in Levels) if (!l.Evaluation.Summary.MeetsAllRules) return false;
            foreach (var n in Nesting) if (n.SplitUnits.Count > 0) return false;
            return Unsolved.Count == 0;
        }
    }

    /// <summary>
    /// Groups <paramref name="consortia"/> level by level under <paramref name="above"/> (federations, then agencies),
    /// each level's units being the groups of the one below. Stops at a level strict mode cannot group.
    /// </summary>
    public static PlanLevels Solve(PracticeGeography geography, PlanLevel consortia, IReadOnlyList<LevelRules> above, SolverOptions options,
        CancellationToken cancellationToken = default, AdjacencyGraph? contiguity = null)
    {
        var levels = new List<PlanLevel> { consortia };
        var unsolved = new List<(LevelKind, SolveResult)>();
        foreach (var rules in above)
        {
            var solution = LevelSolver.Group(geography, levels[^1].Plan, rules, options, cancellationToken, contiguity);
            if (solution.Level is null) { unsolved.Add((rules.Kind, solution.Result)); break; }
            levels.Add(solution.Level);
            if (cancellationToken.IsCancellationRequested) break;
        }
        return new PlanLevels(levels, NestingOf(geography, levels), unsolved);
    }

    /// <summary>Levels given as plans (e.g. CCGs and the ICBs they fed into), smallest first; nesting is measured, not assumed.</summary>
    public static PlanLevels Given(PracticeGeography geography, IReadOnlyList<PlanLevel> levels) =>
        new(levels, NestingOf(geography, levels), []);

    private static List<LevelNesting> NestingOf(PracticeGeography geography, IReadOnlyList<PlanLevel> levels)
    {
        var patients = new double[geography.Practices.Count];
        for (int i = 0; i < patients.Length; i++) patients[i] = geography.Practices[i].Patients;
        var nesting = new List<LevelNesting>();
        for (int i = 0; i + 1 < levels.Count; i++) nesting.Add(LevelNesting.Of(levels[i].Plan, levels[i + 1].Plan, patients));
        return nesting;
    }
}
