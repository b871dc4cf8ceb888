namespace Partitioner.Exact;

/// <summary>The answer of an exact solve. Immutable.</summary>
/// <param name="ConsortiumOf">Consortium index (0..count-1) per practice, or null when there is no plan.</param>
/// <param name="Status">How the solve ended.</param>
/// <param name="Objective">Objective of the plan (patient·km²), NaN without a plan.</param>
/// <param name="Bound">Best proven lower bound on the objective (patient·km²), NaN when unknown.</param>
/// <param name="Gap">(Objective − Bound) / Objective, 0 when proven optimal, NaN without a plan.</param>
/// <param name="Elapsed">Wall-clock time including model building.</param>
/// <param name="Message">A sentence for planners: what was found or proven, and what to change.</param>
public sealed record ExactResult(
    int[]? ConsortiumOf,
    ExactStatus Status,
    double Objective,
    double Bound,
    double Gap,
    TimeSpan Elapsed,
    string Message)
{
    /// <summary>Number of consortia in the plan (0 without a plan).</summary>
    public int ConsortiumCount
    {
        get
        {
            if (ConsortiumOf is null) return 0;
            int max = -1;
            foreach (int c in ConsortiumOf) max = Math.Max(max, c);
            return max + 1;
        }
    }

    /// <summary>Which compactness <see cref="Objective"/> and <see cref="Bound"/> measure (the set-partitioning model is exact
    /// for the heuristic's centroid measure; the centre model measures about each consortium's lowest-index practice).</summary>
    public CompactnessMeasure Measure { get; init; } = CompactnessMeasure.AboutCentre;

    /// <summary>
    /// Localities only: codes of the practices above the locality maximum, each a locality on its own (in practice order).
    /// </summary>
    public IReadOnlyList<string> StandalonePractices { get; init; } = [];

    /// <summary>Localities only: true when the plan is the heuristic solver's because the exact model did not prove one in time.</summary>
    public bool ByHeuristic { get; init; }

    /// <summary>
    /// With a count preference, what is proven about the count: no plan has fewer consortia than this (fewest), or more
    /// (most); equal to <see cref="ConsortiumCount"/> when the plan's count is proven. Localities count the practices above
    /// the maximum in it, as in the plan. Null without a count preference.
    /// </summary>
    public int? CountBound { get; init; }

    /// <summary>The phases of the solve and the time each was granted (each at most what was left of the limit).</summary>
    public IReadOnlyList<PhaseTime> Phases { get; init; } = [];

    /// <summary>True when a plan is available.</summary>
    public bool HasPlan => ConsortiumOf is not null;
}

/// <summary>The compactness measure of an exact objective, both in patient·km² (see <see cref="Compactness"/>).</summary>
public enum CompactnessMeasure
{
    /// <summary>Σ patients × squared distance to the consortium's centre practice (its lowest-index member).</summary>
    AboutCentre,
    /// <summary>Σ patients × squared distance to the consortium's patient-weighted centroid — the heuristic's measure.</summary>
    AboutCentroid,
}
