namespace Partitioner.Core.Solving;

/// <summary>How a tolerance is measured against the study area's patient-weighted mean.</summary>
public enum ToleranceKind
{
    /// <summary>|consortium mean − area mean| ≤ tolerance × area mean.</summary>
    Relative,
    /// <summary>|consortium mean − area mean| ≤ tolerance, in the attribute's own units.</summary>
    Absolute,
}

/// <summary>A balance tolerance for one attribute.</summary>
public sealed record BalanceTolerance(double Value, ToleranceKind Kind)
{
    /// <summary>The allowed absolute deviation given the area mean.</summary>
    public double AllowedDeviation(double areaMean) => Kind == ToleranceKind.Relative ? Value * Math.Abs(areaMean) : Value;

    public override string ToString() => Kind == ToleranceKind.Relative
        ? $"±{Value * 100:0.##}% of the area mean"
        : $"±{Value:0.###}";
}

/// <summary>Which number of consortia the solver prefers when the rules allow several.</summary>
public enum CountPreference
{
    /// <summary>No preference beyond the objective.</summary>
    None,
    /// <summary>As few consortia as possible.</summary>
    Fewest,
    /// <summary>As many consortia as possible.</summary>
    Most,
    /// <summary>Consortia as near <see cref="ConsortiumRules.TargetSize"/> patients as possible.</summary>
    NearestTarget,
}

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
}
