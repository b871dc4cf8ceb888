namespace Partitioner.Core.Rules;

/// <summary>
/// The rules every consortium of a plan must meet, and the objective's optional weights.
/// Populations are registered patients; defaults are the BMA range 100,000–750,000.
/// </summary>
public sealed record ConsortiumRules
{
    /// <summary>Smallest allowed consortium, in patients.</summary>
    public double MinPatients { get; init; } = 100_000;

    /// <summary>Largest allowed consortium, in patients.</summary>
    public double MaxPatients { get; init; } = 750_000;

    /// <summary>Fewest consortia allowed (null = no bound).</summary>
    public int? MinCount { get; init; }

    /// <summary>Most consortia allowed (null = no bound).</summary>
    public int? MaxCount { get; init; }

    /// <summary>Target consortium size in patients for <see cref="CountPreference.NearestTarget"/>.</summary>
    public double? TargetSize { get; init; }

    /// <summary>Count preference.</summary>
    public CountPreference CountPreference { get; init; } = CountPreference.None;

    /// <summary>Tolerance on patient-weighted mean deprivation (null = no rule).</summary>
    public BalanceTolerance? Deprivation { get; init; }

    /// <summary>Tolerance on spend per patient (null = no rule).</summary>
    public BalanceTolerance? Spend { get; init; }

    /// <summary>
    /// Share rule: at least this fraction (0..1) of each consortium's patients registered at practices in the
    /// more-deprived half of the study area (null = no rule).
    /// </summary>
    public double? MinDeprivedShare { get; init; }

    /// <summary>Weight of the spread of deprivation/spend across consortia in the objective (0 = off).</summary>
    public double SpreadWeight { get; init; }

    /// <summary>Weight of disruption (patients moved away from the existing grouping) in the objective (0 = off).</summary>
    public double DisruptionWeight { get; init; }

    /// <summary>
    /// Weight of the boundary term in the objective (0 = off): the length of the borders between consortia, scaled so
    /// that for a plan of round, equal consortia it equals their compactness. It smooths jagged borders and keeps
    /// consortia from interlocking, which the moment of inertia alone barely notices.
    /// </summary>
    public double BoundaryWeight { get; init; }
}
