using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Valid;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Reads a study boundary: a GeoJSON Polygon or MultiPolygon (bare, as a Feature, as a FeatureCollection
/// whose polygons are joined, or in one GeometryCollection), WGS84 unless its legacy <c>crs</c> member names
/// EPSG:27700. Returns a valid area in British National Grid metres: each polygon is checked, made valid
/// (NTS GeometryFixer) or refused with the reason, and the polygons are joined with a robust union.
/// Every problem names the feature, the field, the value and what to do. Thread-safe.
/// </summary>
public static class BoundaryReader
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static Geometry ReadFile(string path, BoundaryReadOptions? options = null)
    {
        options ??= new BoundaryReadOptions();
        if (!File.Exists(path)) throw new InputException(path, "(boundary)", null, "The boundary file does not exist. Check the path.");
        using var s = File.OpenRead(path);
        return Read(s, Path.GetFileName(path), options);
    }

    public static Geometry Read(Stream stream, string source = "boundary", BoundaryReadOptions? options = null)
    {
        options ??= new BoundaryReadOptions();
        var bytes = BoundedStream.ReadAll(stream, options.MaxBytes, "boundary");
        var utf8 = bytes.AsMemory();
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        if (!Utf8.IsValid(utf8.Span))
            throw new InputException(source, "(encoding)", null, "The boundary is not valid UTF-8 text. Save it as UTF-8 GeoJSON (RFC 7946).");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 }); }
        catch (JsonException e) { throw new InputException(source, "(json)", null, $"The boundary is not valid JSON ({e.Message}). Check the file is complete and well-formed GeoJSON."); }
        using (doc)
        {
            var root = doc.RootElement;
            bool grid = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("crs", out var crs) && crs.GetRawText().Contains("27700", StringComparison.Ordinal);
            var problems = new ProblemList(options.MaxProblems);
            var shape = new BoundaryShape(options.MaxVertices, problems);
            try { shape.Collect(root); }
            catch (InvalidOperationException) { throw new InputException(source, "(json)", null, "The boundary holds text that is not valid Unicode (an escaped lone surrogate such as \\uD800). Correct the text."); }
            problems.ThrowIfAny();
            if (shape.Parts.Count == 0)
                throw new InputException(source, "geometry", null, "The boundary has no Polygon or MultiPolygon. Give the study area as polygons.");

            var polygons = new List<Geometry>();
            foreach (var part in shape.Parts)
            {
                var g = Build(part, grid, problems);
                if (g is not null) polygons.Add(g);
            }
            problems.ThrowIfAny();
            var union = Join(polygons, source);
            if (union.IsEmpty || union.Area <= 0)
                throw new InputException(source, "geometry", null, "The boundary encloses no area. Give the study area's outline as a polygon around it.");
            return union;
        }
    }

    /// <summary>Reads one polygonal geometry with NTS, projects it to metres and makes it valid, or records why not.</summary>
    private static Geometry? Build(BoundaryShape.Part part, bool grid, ProblemList problems)
    {
        Geometry g;
        try
        {
            var json = new JsonSerializerOptions();
            json.Converters.Add(new GeoJsonConverterFactory(grid ? GridGeometry.Factory : Wgs84));
            g = part.Geometry.Deserialize<Geometry>(json) ?? GridGeometry.Factory.CreatePolygon();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            problems.Add(part.Where, "geometry", null, $"The geometry could not be read ({e.Message}). Check it is a GeoJSON Polygon or MultiPolygon.");
            return null;
        }
        if (!grid)
        {
            foreach (var c in g.Coordinates)
            {
                if (BritishNationalGrid.IsInGreatBritain(c.X, c.Y)) continue;
                problems.Add(part.Where, "coordinates", string.Create(CultureInfo.InvariantCulture, $"{c.X}, {c.Y}"),
                    BritishNationalGrid.IsInGreatBritain(c.Y, c.X)
                        ? "Latitude and longitude appear swapped: GeoJSON positions are [longitude, latitude] (RFC 7946)."
                        : "A boundary point is outside Great Britain; give WGS84 [lon, lat] or name EPSG:27700 in a crs member.");
                return null;
            }
            g = GridGeometry.Factory.CreateGeometry(g);
            g.Apply(new ToGridFilter());
            g.GeometryChanged();
        }
        else g = GridGeometry.Factory.CreateGeometry(g);
        if (g.IsEmpty) return null;
        var check = new IsValidOp(g);
        if (check.IsValid) return g;
        var error = check.ValidationError;
        var repaired = GeometryFixer.Fix(g);
        if (repaired.IsEmpty || repaired.Area <= 0 || repaired is not (Polygon or MultiPolygon))
        {
            problems.Add(part.Where, "geometry", error is null ? null : string.Create(CultureInfo.InvariantCulture, $"{error.Coordinate?.X:0.#}, {error.Coordinate?.Y:0.#}"),
                $"The polygon is not valid ({error?.Message ?? "invalid"}) and repairing it leaves no area. Repair it (e.g. QGIS Fix geometries) and try again.");
            return null;
        }
        return repaired;
    }

    /// <summary>Joins the polygons into one area with the robust union (snapping, then snap-rounding, when floating point fails).</summary>
    private static Geometry Join(List<Geometry> polygons, string source)
    {
        if (polygons.Count == 1) return polygons[0];
        try
        {
            return GridGeometry.Factory.CreateGeometry(OverlayNGRobust.Union(polygons));
        }
        catch (Exception e) when (e is TopologyException or ArgumentException)
        {
            throw new InputException(source, "geometry", null, $"The boundary's polygons could not be joined ({e.Message}). Repair the boundary (e.g. QGIS Fix geometries) and try again.");
        }
    }
}
