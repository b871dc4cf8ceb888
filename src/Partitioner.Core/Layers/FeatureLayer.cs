using NetTopologySuite.Geometries;

namespace Partitioner.Core.Layers;

/// <summary>
/// A layer of features with a fixed, typed schema and one geometry type, read from a GeoJSON document: the shape the
/// OGC API Features endpoint pages through and the GeoPackage writer stores. Immutable; safe to share between threads.
/// </summary>
public sealed class FeatureLayer
{
    private readonly Dictionary<string, int> _index;

    public FeatureLayer(string name, string title, LayerGeometryType geometryType, IReadOnlyList<LayerField> fields, IReadOnlyList<LayerFeature> features)
    {
        Name = name;
        Title = title;
        GeometryType = geometryType;
        Fields = fields;
        Features = features;
        Extent = new Envelope();
        foreach (var f in features)
            if (f.Geometry is { IsEmpty: false } g) Extent.ExpandToInclude(g.EnvelopeInternal);
        _index = new Dictionary<string, int>(features.Count, StringComparer.Ordinal);
        for (int i = 0; i < features.Count; i++) _index.TryAdd(features[i].Id, i);
    }

    /// <summary>A short name usable as a table or collection name (e.g. <c>consortia</c>).</summary>
    public string Name { get; }

    /// <summary>A human-readable title.</summary>
    public string Title { get; }

    /// <summary>The geometry type every feature is written as.</summary>
    public LayerGeometryType GeometryType { get; }

    public IReadOnlyList<LayerField> Fields { get; }

    public IReadOnlyList<LayerFeature> Features { get; }

    /// <summary>The WGS84 bounding box of every feature (null envelope for a layer without geometry).</summary>
    public Envelope Extent { get; }

    /// <summary>The feature with this id, or null.</summary>
    public LayerFeature? Find(string id) => _index.TryGetValue(id, out var i) ? Features[i] : null;
}
