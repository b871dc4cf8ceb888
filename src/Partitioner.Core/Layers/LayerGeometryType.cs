namespace Partitioner.Core.Layers;

/// <summary>The one geometry type of a layer's features.</summary>
public enum LayerGeometryType
{
    /// <summary>Points (practices).</summary>
    Point,

    /// <summary>Polygons and multipolygons, stored as MultiPolygon (consortia, boundaries).</summary>
    MultiPolygon,

    /// <summary>Anything else, mixed.</summary>
    Geometry,
}
