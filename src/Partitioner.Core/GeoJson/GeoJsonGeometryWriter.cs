using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Partitioner.Core.GeoJson;

/// <summary>Writes WGS84 NTS geometries as RFC 7946 GeoJSON geometry objects (exterior rings counter-clockwise, holes clockwise).</summary>
public static class GeoJsonGeometryWriter
{
    /// <summary>Writes a Point.</summary>
    public static void WritePoint(Utf8JsonWriter w, double lon, double lat)
    {
        w.WriteStartObject();
        w.WriteString("type", "Point");
        w.WriteStartArray("coordinates");
        WriteNumber(w, lon);
        WriteNumber(w, lat);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes a Polygon or MultiPolygon (a collection's polygons become one MultiPolygon); null for empty.</summary>
    public static void WritePolygonal(Utf8JsonWriter w, Geometry g)
    {
        var polygons = new List<Polygon>();
        Collect(g, polygons);
        if (polygons.Count == 0) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        if (polygons.Count == 1)
        {
            w.WriteString("type", "Polygon");
            w.WritePropertyName("coordinates");
            WritePolygonRings(w, polygons[0]);
        }
        else
        {
            w.WriteString("type", "MultiPolygon");
            w.WriteStartArray("coordinates");
            foreach (var p in polygons) WritePolygonRings(w, p);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Collect(Geometry g, List<Polygon> into)
    {
        if (g is Polygon p) { if (!p.IsEmpty) into.Add(p); return; }
        for (int i = 0; i < g.NumGeometries; i++)
        {
            var part = g.GetGeometryN(i);
            if (!ReferenceEquals(part, g)) Collect(part, into);
        }
    }

    private static void WritePolygonRings(Utf8JsonWriter w, Polygon p)
    {
        w.WriteStartArray();
        WriteRing(w, p.ExteriorRing.CoordinateSequence, counterClockwise: true);
        foreach (var hole in p.InteriorRings) WriteRing(w, hole.CoordinateSequence, counterClockwise: false);
        w.WriteEndArray();
    }

    private static void WriteRing(Utf8JsonWriter w, CoordinateSequence ring, bool counterClockwise)
    {
        bool reverse = Orientation.IsCCW(ring) != counterClockwise;
        int n = ring.Count;
        w.WriteStartArray();
        for (int k = 0; k < n; k++)
        {
            int i = reverse ? n - 1 - k : k;
            w.WriteStartArray();
            WriteNumber(w, ring.GetX(i));
            WriteNumber(w, ring.GetY(i));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, double v) => w.WriteNumberValue(Math.Round(v, 6));
}
