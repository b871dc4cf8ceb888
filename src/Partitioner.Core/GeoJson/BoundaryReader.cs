using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Precision;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Practices;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Reads a study boundary: a GeoJSON Polygon or MultiPolygon (bare, as a Feature, or as a FeatureCollection
/// whose polygons are joined), WGS84 unless its legacy <c>crs</c> member names EPSG:27700. Returns British National Grid metres.
/// </summary>
public static class BoundaryReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 27700);

    public static Geometry ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, "(boundary)", null, "The boundary file does not exist. Check the path.");
        using var s = File.OpenRead(path);
        return Read(s, Path.GetFileName(path));
    }

    public static Geometry Read(Stream stream, string source = "boundary")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(stream); }
        catch (JsonException e) { throw new InputException(source, "(json)", null, $"The boundary is not valid JSON ({e.Message})."); }
        using (doc)
        {
            var root = doc.RootElement;
            bool grid = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("crs", out var crs) && crs.ToString().Contains("27700", StringComparison.Ordinal);
            var polygons = new List<Geometry>();
            Collect(root, polygons, grid, source);
            if (polygons.Count == 0)
                throw new InputException(source, "geometry", null, "The boundary has no Polygon or MultiPolygon. Give the study area as polygons.");
            var union = Join(polygons, source);
            if (union.Area <= 0)
                throw new InputException(source, "geometry", null, "The boundary encloses no area.");
            return union;
        }
    }

    /// <summary>
    /// Joins the polygons into one area. Generalised boundaries often hold self-intersections or slivers,
    /// so each polygon is repaired first, and the join falls back to metre precision if it still fails.
    /// </summary>
    private static Geometry Join(List<Geometry> polygons, string source)
    {
        for (int i = 0; i < polygons.Count; i++)
            if (!polygons[i].IsValid) polygons[i] = GeometryFixer.Fix(polygons[i]);
        try
        {
            return polygons.Count == 1 ? polygons[0] : CascadedPolygonUnion.Union(polygons);
        }
        catch (TopologyException)
        {
            try
            {
                var metre = new PrecisionModel(1);
                var snapped = polygons.Select(p => GeometryPrecisionReducer.Reduce(p, metre)).ToList();
                return CascadedPolygonUnion.Union(snapped);
            }
            catch (TopologyException e)
            {
                throw new InputException(source, "geometry", null, $"The boundary's polygons could not be joined ({e.Message}). Repair the boundary (e.g. QGIS Fix geometries) and try again.");
            }
        }
    }

    private static void Collect(JsonElement e, List<Geometry> into, bool grid, string source)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var t)) return;
        switch (t.GetString())
        {
            case "FeatureCollection":
                if (e.TryGetProperty("features", out var fs) && fs.ValueKind == JsonValueKind.Array)
                    foreach (var f in fs.EnumerateArray()) Collect(f, into, grid, source);
                break;
            case "Feature":
                if (e.TryGetProperty("geometry", out var g)) Collect(g, into, grid, source);
                break;
            case "Polygon":
                into.Add(Polygon(e.GetProperty("coordinates"), grid, source));
                break;
            case "MultiPolygon":
                foreach (var p in e.GetProperty("coordinates").EnumerateArray()) into.Add(Polygon(p, grid, source));
                break;
            case "GeometryCollection":
                if (e.TryGetProperty("geometries", out var gs))
                    foreach (var g2 in gs.EnumerateArray()) Collect(g2, into, grid, source);
                break;
            default:
                throw new InputException(source, "type", t.GetString(), "The boundary must be made of Polygon or MultiPolygon geometries.");
        }
    }

    private static Polygon Polygon(JsonElement rings, bool grid, string source)
    {
        var list = new List<LinearRing>();
        foreach (var ring in rings.EnumerateArray())
        {
            var coords = new List<Coordinate>();
            foreach (var pos in ring.EnumerateArray())
            {
                double x = pos[0].GetDouble(), y = pos[1].GetDouble();
                if (!grid)
                {
                    if (!BritishNationalGrid.IsInGreatBritain(x, y))
                        throw new InputException(source, "coordinates", $"{x}, {y}", "A boundary point is outside Great Britain; give WGS84 [lon, lat] or name EPSG:27700 in a crs member.");
                    (x, y) = BritishNationalGrid.FromWgs84(x, y);
                }
                coords.Add(new Coordinate(x, y));
            }
            if (coords.Count < 4 || !coords[0].Equals2D(coords[^1]))
                throw new InputException(source, "coordinates", null, "A boundary ring must be closed (first point = last point) with at least 4 points.");
            list.Add(Factory.CreateLinearRing(coords.ToArray()));
        }
        if (list.Count == 0) throw new InputException(source, "coordinates", null, "A boundary polygon has no rings.");
        return Factory.CreatePolygon(list[0], list.Skip(1).ToArray());
    }
}
