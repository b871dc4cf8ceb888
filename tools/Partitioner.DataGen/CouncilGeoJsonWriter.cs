using System.Text;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Partitioner.DataGen;

/// <summary>Writes the councils as an RFC 7946 FeatureCollection (la_code, name, practices, patients), one feature a line, 6 decimals.</summary>
public static class CouncilGeoJsonWriter
{
    public static string Render(IReadOnlyList<Council> councils)
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int i = 0; i < councils.Count; i++)
        {
            var c = councils[i];
            sb.Append("{\"type\":\"Feature\",\"properties\":{\"la_code\":").Append(JsonSerializer.Serialize(c.Code))
              .Append(",\"name\":").Append(JsonSerializer.Serialize(c.Name))
              .Append(",\"practices\":").Append(Fmt.Int(c.Practices))
              .Append(",\"patients\":").Append(Fmt.Int(c.Patients))
              .Append("},\"geometry\":");
            WriteGeometry(sb, c.Shape);
            sb.Append('}').Append(i < councils.Count - 1 ? ",\n" : "\n");
        }
        sb.Append("]}\n");
        return sb.ToString();
    }

    private static void WriteGeometry(StringBuilder sb, Geometry g)
    {
        var polygons = new List<Polygon>();
        for (int i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon { IsEmpty: false } p) polygons.Add(p);
        if (polygons.Count == 1)
        {
            sb.Append("{\"type\":\"Polygon\",\"coordinates\":");
            WritePolygon(sb, polygons[0]);
        }
        else
        {
            sb.Append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (int i = 0; i < polygons.Count; i++)
            {
                if (i > 0) sb.Append(',');
                WritePolygon(sb, polygons[i]);
            }
            sb.Append(']');
        }
        sb.Append('}');
    }

    // Exterior ring counter-clockwise, holes clockwise (RFC 7946), each ring closed.
    private static void WritePolygon(StringBuilder sb, Polygon p)
    {
        sb.Append('[');
        Ring(sb, p.ExteriorRing.Coordinates, counterClockwise: true);
        foreach (var hole in p.InteriorRings)
        {
            sb.Append(',');
            Ring(sb, hole.Coordinates, counterClockwise: false);
        }
        sb.Append(']');
    }

    private static void Ring(StringBuilder sb, Coordinate[] ring, bool counterClockwise)
    {
        var points = Orientation.IsCCW(ring) == counterClockwise ? ring : ring.Reverse().ToArray();
        sb.Append('[');
        string? last = null;
        bool first = true;
        foreach (var c in points)
        {
            string text = $"[{Fmt.Deg(c.X)},{Fmt.Deg(c.Y)}]";
            if (text == last) continue;
            if (!first) sb.Append(',');
            sb.Append(text);
            last = text;
            first = false;
        }
        sb.Append(']');
    }
}
