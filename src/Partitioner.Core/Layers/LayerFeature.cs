using NetTopologySuite.Geometries;

namespace Partitioner.Core.Layers;

/// <summary>
/// One feature of a <see cref="FeatureLayer"/>: its id, its geometry in WGS84 (SRID 4326, longitude/latitude) and one
/// value per layer field, in field order: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or null.
/// </summary>
public sealed class LayerFeature(string id, Geometry? geometry, object?[] values)
{
    /// <summary>The feature's id (a consortium's name, a practice's code).</summary>
    public string Id { get; } = id;

    /// <summary>WGS84 geometry, or null for a feature without one.</summary>
    public Geometry? Geometry { get; } = geometry;

    /// <summary>Values in the order of <see cref="FeatureLayer.Fields"/>.</summary>
    public IReadOnlyList<object?> Values { get; } = values;
}
