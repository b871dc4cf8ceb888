using NetTopologySuite.Geometries;

namespace Partitioner.Core.Levels;

/// <summary>
/// Where and how far contiguity is relaxed (the BMA's "mosaic": in dense cities neighbouring practices need not share a
/// consortium). A practice is in the mosaic area when its site lies in <see cref="Area"/> (British National Grid
/// metres) or its site's patients per km² of its neighbourhood cell reach <see cref="MinDensity"/>; two mosaic
/// practices within <see cref="DistanceKm"/> of each other count as neighbours.
/// </summary>
public sealed record MosaicOptions
{
    /// <summary>The largest distance, in km, between mosaic practices that count as neighbours (D).</summary>
    public required double DistanceKm { get; init; }

    /// <summary>Patients per km² of a site's cell from which it is "dense urban" (null = no density rule).</summary>
    public double? MinDensity { get; init; }

    /// <summary>A polygon of the mosaic area, British National Grid metres (null = none).</summary>
    public Geometry? Area { get; init; }
}
