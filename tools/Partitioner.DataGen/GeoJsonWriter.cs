using System.Text;
using System.Text.Json;

namespace Partitioner.DataGen;

/// <summary>Writes RFC 7946 GeoJSON by hand so number formatting and layout are byte-stable.</summary>
public static class GeoJsonWriter
{
    /// <summary>A FeatureCollection with one boundary feature: a Polygon for one ring, else a MultiPolygon.</summary>
    public static string Boundary(string name, IReadOnlyList<Outline> parts)
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"FeatureCollection\",\"features\":[\n");
        sb.Append("{\"type\":\"Feature\",\"properties\":{\"name\":").Append(JsonSerializer.Serialize(name)).Append("},\"geometry\":{");
        if (parts.Count == 1)
        {
            sb.Append("\"type\":\"Polygon\",\"coordinates\":[");
            Ring(sb, parts[0]);
            sb.Append(']');
        }
        else
        {
            sb.Append("\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (int i = 0; i < parts.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append("\n[");
                Ring(sb, parts[i]);
                sb.Append(']');
            }
            sb.Append(']');
        }
        sb.Append("}}\n]}\n");
        return sb.ToString();
    }

    /// <summary>A FeatureCollection of Point features, one per practice, one per line.</summary>
    public static string Practices(IReadOnlyList<Practice> practices, IReadOnlyList<string>? councils = null)
    {
        var sb = new StringBuilder(practices.Count * 260);
        sb.Append("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (int i = 0; i < practices.Count; i++)
        {
            var p = practices[i];
            sb.Append("{\"type\":\"Feature\",\"properties\":{")
              .Append("\"practice_code\":").Append(JsonSerializer.Serialize(p.Code))
              .Append(",\"name\":").Append(JsonSerializer.Serialize(p.Name))
              .Append(",\"list_size\":").Append(Fmt.Int(p.ListSize))
              .Append(",\"weighted_list_size\":").Append(Fmt.Int(p.WeightedListSize))
              .Append(",\"imd_score\":").Append(Fmt.Two(p.ImdScore))
              .Append(",\"spend\":").Append(Fmt.Two(p.Spend))
              .Append(",\"ccg_code\":").Append(JsonSerializer.Serialize(p.CcgCode))
              .Append(",\"dispensing\":").Append(p.Dispensing ? "\"Yes\"" : "\"No\"")
              .Append(councils is null ? "" : ",\"la_code\":" + JsonSerializer.Serialize(councils[i]))
              .Append("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
              .Append(Fmt.Deg(p.Location.Lon)).Append(',').Append(Fmt.Deg(p.Location.Lat)).Append("]}}")
              .Append(i < practices.Count - 1 ? ",\n" : "\n");
        }
        sb.Append("]}\n");
        return sb.ToString();
    }

    // Exterior ring, closed, in the outline's own (counter-clockwise) order.
    private static void Ring(StringBuilder sb, Outline outline)
    {
        if (outline.SignedArea() <= 0)
            throw new InvalidOperationException("Boundary rings must be counter-clockwise (RFC 7946); reverse the vertices.");
        sb.Append('[');
        var v = outline.Vertices;
        for (int i = 0; i <= v.Count; i++)
        {
            var p = v[i % v.Count];
            if (i > 0) sb.Append(',');
            sb.Append('[').Append(Fmt.Deg(p.Lon)).Append(',').Append(Fmt.Deg(p.Lat)).Append(']');
        }
        sb.Append(']');
    }
}
