using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Splits one area (a consortium or a real CCG) into contiguous, compact localities within a patient range
/// (by default at most 30,000, the size the BMA says gets GP buy-in). Exact mode with locality bounds that first
/// minimises the number of localities, then compactness among plans with that number (compactness alone would make
/// every practice its own locality). Balance, count rules and locks of the area are not applied. Thread-safe.
/// </summary>
public static class LocalitySplitter
{
    /// <summary>The BMA's locality ceiling in patients.</summary>
    public const double DefaultMaxPatients = 30_000;

    /// <summary>Splits the whole of <paramref name="area"/>; <see cref="ExactResult.ConsortiumOf"/> holds locality indices.</summary>
    public static ExactResult Split(Problem area, double maxPatients = DefaultMaxPatients, double minPatients = 0, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPatients);
        ArgumentOutOfRangeException.ThrowIfNegative(minPatients);
        // Fewest localities first: with compactness alone every practice would be its own locality.
        var rules = new ConsortiumRules { MinPatients = minPatients, MaxPatients = maxPatients, CountPreference = CountPreference.Fewest };
        var localities = new Problem(area.Graph, area.Patients, area.Deprivation, area.Spend, area.X, area.Y, rules,
            practiceCodes: area.PracticeCodes);
        return ExactSolver.Solve(localities, options);
    }

    /// <summary>
    /// Splits consortium <paramref name="consortium"/> of a plan into localities. The result's plan is indexed
    /// like <see cref="Subproblem.OriginalIndex"/> of the returned subproblem.
    /// </summary>
    public static (Subproblem Area, ExactResult Result) SplitConsortium(Problem problem, int[] consortiumOf, int consortium,
        double maxPatients = DefaultMaxPatients, double minPatients = 0, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(consortiumOf);
        var members = new List<int>();
        for (int i = 0; i < consortiumOf.Length; i++) if (consortiumOf[i] == consortium) members.Add(i);
        if (members.Count == 0) throw new ArgumentException($"The plan has no consortium {consortium}.", nameof(consortium));
        var sub = Subproblem.Extract(problem, members, problem.Rules);
        return (sub, Split(sub.Problem, maxPatients, minPatients, options));
    }
}
