using System.Globalization;
using NetTopologySuite.Geometries;
using Partitioner.Core.Practices;

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

    /// <summary>The largest D accepted, km. A mosaic joins practices of one dense city across a few streets; a D of
    /// tens of km would link every pair of practices in a region (millions of links).</summary>
    public const double MaxDistanceKm = 20;

    /// <summary>Every problem with the distance and density, worded for a planner (where the mosaic applies is the
    /// readers' to ask, in their own options' names).</summary>
    public IReadOnlyList<InputProblem> Problems()
    {
        var problems = new List<InputProblem>();
        if (!(DistanceKm > 0 && DistanceKm <= MaxDistanceKm))
            problems.Add(new InputProblem("mosaic", "mosaic distance", DistanceKm.ToString(CultureInfo.InvariantCulture),
                $"Give the mosaic distance D in km, more than 0 and at most {MaxDistanceKm:0} (e.g. 2)."));
        if (MinDensity is { } d && !(d > 0 && double.IsFinite(d)))
            problems.Add(new InputProblem("mosaic", "mosaic density", d.ToString(CultureInfo.InvariantCulture), "Give the density in patients per km², more than 0 (e.g. 5000)."));
        return problems;
    }
}
