using NetTopologySuite.Geometries;
using Partitioner.Core.Councils;

namespace Partitioner.Core.Plans;

/// <summary>
/// The measured state of one consortium of a plan. Means are patient-weighted; deviations are from
/// the study area's patient-weighted mean (relative = deviation ÷ area mean). Lengths in km.
/// </summary>
public sealed record ConsortiumMetrics
{
    public required string Name { get; init; }
    public required int Practices { get; init; }
    public required double Patients { get; init; }
    /// <summary>Patient-weighted mean deprivation (NaN when no practice has a score).</summary>
    public required double Deprivation { get; init; }
    public required double DeprivationDeviation { get; init; }
    public required double DeprivationDeviationRelative { get; init; }
    /// <summary>Spend per patient in £ per year (NaN when no practice has spend).</summary>
    public required double SpendPerPatient { get; init; }
    public required double SpendDeviation { get; init; }
    public required double SpendDeviationRelative { get; init; }
    /// <summary>Share (0..1) of patients at practices in the more-deprived half of the study area.</summary>
    public required double DeprivedShare { get; init; }
    /// <summary>Connected pieces on the neighbourhood graph (1 = contiguous).</summary>
    public required int Pieces { get; init; }
    /// <summary>Area of the dissolved polygon in km².</summary>
    public required double AreaKm2 { get; init; }
    /// <summary>Polsby–Popper compactness 4πA/P² of the dissolved polygon (1 = circle).</summary>
    public required double PolsbyPopper { get; init; }
    /// <summary>Patient-weighted moment of inertia about the consortium's patient-weighted centre, in patient·km².</summary>
    public required double InertiaKm2 { get; init; }
    /// <summary>Patient-weighted centre, British National Grid metres.</summary>
    public required double CentreEasting { get; init; }
    public required double CentreNorthing { get; init; }
    /// <summary>Rules this consortium breaks.</summary>
    public required IReadOnlyList<Violation> Violations { get; init; }
    /// <summary>The dissolved Voronoi cells of its practices, British National Grid metres.</summary>
    public required Geometry Polygon { get; init; }
    /// <summary>How it sits on the councils; null when the study has no councils.</summary>
    public ConsortiumCouncils? Councils { get; init; }
}
