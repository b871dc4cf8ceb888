namespace Partitioner.Core.Bounds;

/// <summary>An attribute a balance rule holds each consortium's mean of near the area's.</summary>
public enum BalancedAttribute
{
    /// <summary>Patient-weighted mean deprivation (IMD score).</summary>
    Deprivation,
    /// <summary>Spend per patient (£ per year).</summary>
    Spend,
}
