using System.Globalization;
using System.Text.Json;
using Partitioner.Core.Practices;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Finds the polygons of a boundary document and checks their shape before any geometry is built:
/// nesting (Feature, FeatureCollection, one level of GeometryCollection), positions of two finite
/// numbers, rings of at least four positions that close, and the vertex limit, which stops the walk at once.
/// </summary>
internal sealed class BoundaryShape(int maxVertices, ProblemList problems)
{
    /// <summary>One Polygon or MultiPolygon geometry object and where it was found.</summary>
    public readonly record struct Part(string Where, JsonElement Geometry);

    private int _vertices;

    public List<Part> Parts { get; } = [];

    public void Collect(JsonElement root)
    {
        string type = TypeOf(root);
        switch (type)
        {
            case "FeatureCollection":
                if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("document", "features", null, "The FeatureCollection has no \"features\" array.");
                    return;
                }
                int i = 0;
                foreach (var feature in features.EnumerateArray()) Feature(feature, $"feature {i++}");
                break;
            case "Feature":
                Feature(root, "feature");
                break;
            default:
                Geometry(root, "geometry", nested: false);
                break;
        }
    }

    private void Feature(JsonElement feature, string where)
    {
        if (TypeOf(feature) != "Feature")
        {
            problems.Add(where, "type", Shorten(feature), "Each member of \"features\" must be a Feature with a Polygon or MultiPolygon geometry.");
            return;
        }
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
        {
            problems.Add(where, "geometry", null, "The feature has no geometry. Give it a Polygon or MultiPolygon, or leave the feature out.");
            return;
        }
        Geometry(g, where, nested: false);
    }

    private void Geometry(JsonElement g, string where, bool nested)
    {
        string type = TypeOf(g);
        switch (type)
        {
            case "Polygon":
                if (Coordinates(g, where) is { } rings && Polygon(rings, where)) Parts.Add(new Part(where, g));
                break;
            case "MultiPolygon":
                if (Coordinates(g, where) is not { } polygons) return;
                bool ok = true;
                int k = 0;
                foreach (var polygon in polygons.EnumerateArray()) ok &= Polygon(polygon, $"{where}, polygon {k++}");
                if (ok) Parts.Add(new Part(where, g));
                break;
            case "GeometryCollection" when nested:
                problems.Add(where, "type", type, "A GeometryCollection inside a GeometryCollection is not accepted. Give the study area as Polygon or MultiPolygon features.");
                break;
            case "GeometryCollection":
                if (!g.TryGetProperty("geometries", out var members) || members.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(where, "geometries", null, "The GeometryCollection has no \"geometries\" array.");
                    return;
                }
                int j = 0;
                foreach (var member in members.EnumerateArray()) Geometry(member, $"{where}, geometry {j++}", nested: true);
                break;
            default:
                problems.Add(where, "type", type.Length == 0 ? null : type, "The boundary must be made of Polygon or MultiPolygon geometries (the study area's outline). Leave out points and lines.");
                break;
        }
    }

    private JsonElement? Coordinates(JsonElement g, string where)
    {
        if (g.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array) return c;
        problems.Add(where, "coordinates", null, "The geometry has no \"coordinates\" array.");
        return null;
    }

    /// <summary>Checks one polygon's rings; false when it cannot be built.</summary>
    private bool Polygon(JsonElement rings, string where)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            problems.Add(where, "coordinates", null, "A polygon must be an array of rings, the outline first, e.g. [[[lon, lat], …, [lon, lat]]].");
            return false;
        }
        int r = 0;
        bool ok = true;
        foreach (var ring in rings.EnumerateArray()) ok &= Ring(ring, rings.GetArrayLength() == 1 ? where : $"{where}, ring {r}", r++ == 0);
        return ok;
    }

    private bool Ring(JsonElement ring, string where, bool outline)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            problems.Add(where, "coordinates", Shorten(ring), "A ring must be an array of [x, y] positions.");
            return false;
        }
        int n = ring.GetArrayLength();
        _vertices += n;
        if (_vertices > maxVertices)
        {
            problems.Add(where, "coordinates", null, string.Create(CultureInfo.InvariantCulture,
                $"The boundary has more than {maxVertices:N0} vertices, the limit. Simplify it (e.g. QGIS Simplify to about 50 m, or use a generalised ONS boundary)."));
            problems.ThrowIfAny();
        }
        double x0 = 0, y0 = 0, x = 0, y = 0;
        int k = 0;
        foreach (var position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number
                || !position[0].TryGetDouble(out x) || !position[1].TryGetDouble(out y) || !double.IsFinite(x) || !double.IsFinite(y))
            {
                problems.Add(where, "coordinates", Shorten(position), $"Position {k} is not [x, y] with two finite numbers. Give [longitude, latitude] in degrees.");
                return false;
            }
            if (k++ == 0) (x0, y0) = (x, y);
        }
        if (n < 4)
        {
            problems.Add(where, "coordinates", null, $"The {(outline ? "outline" : "hole")} ring has {n} position{(n == 1 ? "" : "s")}; a ring needs at least 4, the first repeated as the last (a closed ring around an area).");
            return false;
        }
        if (x0 != x || y0 != y)
        {
            problems.Add(where, "coordinates", null, "The ring is not closed: its last position must repeat its first.");
            return false;
        }
        return true;
    }

    private static string TypeOf(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "";

    private static string Shorten(JsonElement e) => PracticeReader.Shorten(e.GetRawText());
}
