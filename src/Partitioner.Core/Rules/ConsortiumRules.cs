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

    /// <summary>
    /// Weight of disruption (patients separated from their existing group) in the objective (0 = off). Dimensionless:
    /// the term is weight × disruption (a share, 0..1) × the reference compactness (<c>ObjectiveScale</c>), so 1 makes
    /// separating every patient from their group-mates cost as much as the reference compactness.
    /// </summary>
    public double DisruptionWeight { get; init; }

    /// <summary>
    /// Weight of the boundary term in the objective (0 = off): the length of the borders between consortia, scaled so
    /// that for a plan of round, equal consortia it equals their compactness. It smooths jagged borders and keeps
    /// consortia from interlocking, which the moment of inertia alone barely notices.
    /// </summary>
    public double BoundaryWeight { get; init; }

    /// <summary>
    /// Weight of overspend risk in the objective (0 = off). Dimensionless like <see cref="DisruptionWeight"/>: the term is
    /// weight × the patient-weighted mean probability that a consortium overspends by more than <see cref="RiskReserve"/>
    /// × the reference compactness.
    /// </summary>
    public double RiskWeight { get; init; }

    /// <summary>The reserve (share of the budget) the risk term measures overspending beyond. Default 2%.</summary>
    public double RiskReserve { get; init; } = 0.02;

    /// <summary>The per-patient cost coefficient of variation of the risk term (the risk model's parameter). Default 3.45.</summary>
    public double RiskPerPatientCv { get; init; } = DefaultRiskPerPatientCv;

    /// <summary>The risk model's default per-patient cost coefficient of variation, derived from the real 2014/15 practice
    /// payments (README, "Risk pooling").</summary>
    public const double DefaultRiskPerPatientCv = 3.45;
}
