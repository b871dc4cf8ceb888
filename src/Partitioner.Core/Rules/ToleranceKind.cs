namespace Partitioner.Core.Rules;

/// <summary>How a tolerance is measured against the study area's patient-weighted mean.</summary>
public enum ToleranceKind
{
    /// <summary>|consortium mean − area mean| ≤ tolerance × area mean.</summary>
    Relative,
    /// <summary>|consortium mean − area mean| ≤ tolerance, in the attribute's own units.</summary>
    Absolute,
}
