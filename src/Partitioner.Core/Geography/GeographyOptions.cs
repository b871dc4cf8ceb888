using NetTopologySuite.Geometries;

namespace Partitioner.Core.Geography;

/// <summary>How to build the practices' neighbourhood geography.</summary>
public sealed record GeographyOptions
{
    /// <summary>Study area in British National Grid metres; null = hull of the sites buffered by <see cref="HullBufferMetres"/>.</summary>
    public Geometry? Boundary { get; init; }

    /// <summary>Buffer around the hull of the sites when no boundary is given, in metres.</summary>
    public double HullBufferMetres { get; init; } = 5_000;

    /// <summary>Join separate parts of the study area (islands) to their nearest neighbour.</summary>
    public bool BridgeIslands { get; init; } = true;
}
