using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Writes and reads GeoJSON geometry objects with NetTopologySuite.IO.GeoJSON4STJ: RFC 7946 ring orientation (exterior
/// rings counter-clockwise, holes clockwise). Coordinates are written as given, so callers snap them first
/// (<see cref="Wgs84Output"/> gives WGS84 at 6 decimals). Thread-safe.
/// </summary>
public static class GeoJsonGeometries
{
    /// <summary>The factory geometries are read with: floating precision, SRID 4326.</summary>
    public static GeometryFactory Wgs84Factory { get; } = new(new PrecisionModel(), 4326);

    /// <summary>Serializer options holding the GeoJSON converters (for geometries, features and feature collections).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Converters = { new GeoJsonConverterFactory(Wgs84Factory, false, GeoJsonConverterFactory.DefaultIdPropertyName, RingOrientationOption.EnforceRfc9746) },
    };

    /// <summary>Writes a geometry object; an empty geometry as null.</summary>
    public static void Write(Utf8JsonWriter w, Geometry geometry)
    {
        if (geometry.IsEmpty) { w.WriteNullValue(); return; }
        JsonSerializer.Serialize(w, geometry, Options);
    }

    /// <summary>Writes a Point.</summary>
    public static void WritePoint(Utf8JsonWriter w, double lon, double lat) =>
        Write(w, Wgs84Factory.CreatePoint(new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6))));

    /// <summary>Writes a Polygon or MultiPolygon: a collection's polygons become one MultiPolygon; null when there is none.</summary>
    public static void WritePolygonal(Utf8JsonWriter w, Geometry geometry)
    {
        var polygonal = Polygonal(geometry);
        if (polygonal is null) w.WriteNullValue();
        else Write(w, polygonal);
    }

    /// <summary>The polygons of a geometry as one Polygon or MultiPolygon (lines and points dropped); null when there is none.</summary>
    public static Geometry? Polygonal(Geometry geometry)
    {
        var polygons = new List<Polygon>();
        Collect(geometry, polygons);
        return polygons.Count switch
        {
            0 => null,
            1 => polygons[0],
            _ => geometry.Factory.CreateMultiPolygon([.. polygons]),
        };
    }

    /// <summary>Reads one geometry object from its JSON element.</summary>
    public static Geometry? Read(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.Deserialize<Geometry>(Options);

    private static void Collect(Geometry g, List<Polygon> into)
    {
        if (g is Polygon p) { if (!p.IsEmpty) into.Add(p); return; }
        for (int i = 0; i < g.NumGeometries; i++)
        {
            var part = g.GetGeometryN(i);
            if (!ReferenceEquals(part, g)) Collect(part, into);
        }
    }
}
