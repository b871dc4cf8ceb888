using System.Globalization;
using NetTopologySuite.Geometries;
using Partitioner.Core.Coordinates;
using Partitioner.Api.Errors;
using Partitioner.Core.Geography;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Ogc;

/// <summary>
/// The query of <c>/collections/{id}/items</c>: <c>limit</c>, <c>offset</c>, <c>bbox</c> with <c>bbox-crs</c>, <c>crs</c>
/// and <c>f</c>. Every bad or unknown parameter is a 400 naming it, its value and what is allowed.
/// </summary>
public sealed class OgcItemsQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    private static readonly string[] Known = ["limit", "offset", "bbox", "bbox-crs", "crs", "f"];
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public int Limit { get; private init; } = DefaultLimit;
    public int Offset { get; private init; }
    public OutputCrs Crs { get; private init; } = OutputCrs.Wgs84;

    /// <summary>The bbox as a WGS84 polygon (a grid bbox is projected edge by edge), or null for none.</summary>
    public Geometry? Area { get; private init; }

    /// <summary>Reads the items query; <paramref name="single"/> allows only <c>crs</c> and <c>f</c> (one feature).</summary>
    public static OgcItemsQuery Parse(IQueryCollection query, bool single = false)
    {
        var problems = new List<InputProblem>();
        var allowed = single ? ["crs", "f"] : Known;
        foreach (var key in query.Keys)
            if (!allowed.Contains(key, StringComparer.Ordinal))
                problems.Add(new InputProblem("query", key, query[key].ToString(), $"Unknown parameter. This resource takes: {string.Join(", ", allowed)}."));

        int limit = Integer(query, "limit", DefaultLimit, 1, problems);
        int offset = Integer(query, "offset", 0, 0, problems);
        var crs = ReadCrs(query, "crs", problems);
        var bboxCrs = ReadCrs(query, "bbox-crs", problems);
        var area = Bbox(query, bboxCrs, problems);
        if (query.TryGetValue("f", out var f) && f.ToString() is not ("json" or "geojson"))
            problems.Add(new InputProblem("query", "f", f.ToString(), "Only f=json (GeoJSON) is served."));
        if (problems.Count > 0)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Bad query parameters",
                string.Join(" ", problems.Select(p => p.ToString())), problems);
        // Past the maximum the server answers with the maximum (OGC API Features, Part 1, /req/core/fc-limit-response).
        return new OgcItemsQuery { Limit = Math.Min(limit, MaxLimit), Offset = offset, Crs = crs, Area = area };
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, List<InputProblem> problems)
    {
        if (!query.TryGetValue(name, out var raw)) return fallback;
        if (int.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        problems.Add(new InputProblem("query", name, raw.ToString(), $"Give a whole number of at least {min}."));
        return fallback;
    }

    private static OutputCrs ReadCrs(IQueryCollection query, string name, List<InputProblem> problems)
    {
        if (!query.TryGetValue(name, out var raw)) return OutputCrs.Wgs84;
        if (OgcCrs.Parse(raw.ToString()) is { } crs) return crs;
        problems.Add(new InputProblem("query", name, raw.ToString(), $"Unsupported CRS. Use one of: {string.Join(", ", OgcCrs.Supported)}."));
        return OutputCrs.Wgs84;
    }

    private static Geometry? Bbox(IQueryCollection query, OutputCrs crs, List<InputProblem> problems)
    {
        if (!query.TryGetValue("bbox", out var raw)) return null;
        var parts = raw.ToString().Split(',');
        var numbers = new double[parts.Length];
        bool ok = parts.Length is 4 or 6;
        for (int i = 0; ok && i < parts.Length; i++)
            ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);
        // Six numbers carry heights (minz, maxz) after each corner's x and y; heights are ignored.
        var (minX, minY, maxX, maxY) = parts.Length == 6 ? (numbers[0], numbers[1], numbers[3], numbers[4]) : ok ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (0, 0, 0, 0);
        if (!ok || minX > maxX || minY > maxY)
        {
            problems.Add(new InputProblem("query", "bbox", raw.ToString(),
                "Give four numbers minx,miny,maxx,maxy (lower left, upper right) in the bbox-crs (longitude/latitude by default)."));
            return null;
        }
        if (crs == OutputCrs.Wgs84) return Wgs84.ToGeometry(new Envelope(minX, maxX, minY, maxY));
        return GridRectangleInWgs84(minX, minY, maxX, maxY);
    }

    /// <summary>A grid rectangle's outline in WGS84, 16 points an edge, so its curved edges are followed closely.</summary>
    private static Polygon GridRectangleInWgs84(double minX, double minY, double maxX, double maxY)
    {
        const int PerEdge = 16;
        var corners = new[] { (minX, minY), (maxX, minY), (maxX, maxY), (minX, maxY) };
        var ring = new Coordinate[4 * PerEdge + 1];
        for (int e = 0; e < 4; e++)
        {
            var (x0, y0) = corners[e];
            var (x1, y1) = corners[(e + 1) % 4];
            for (int k = 0; k < PerEdge; k++)
            {
                double t = (double)k / PerEdge;
                var (lon, lat) = BritishNationalGrid.ToWgs84(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                ring[e * PerEdge + k] = new Coordinate(lon, lat);
            }
        }
        ring[^1] = ring[0].Copy();
        return Wgs84.CreatePolygon(ring);
    }
}
