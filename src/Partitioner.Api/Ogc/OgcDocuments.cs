using System.Text.Json.Nodes;

namespace Partitioner.Api.Ogc;

/// <summary>The JSON documents of the OGC API's landing page, conformance and collections.</summary>
public static class OgcDocuments
{
    public const string Json = "application/json";
    public const string GeoJson = "application/geo+json";

    /// <summary>The conformance classes implemented: Part 1 core and GeoJSON, Part 2 CRS by reference.</summary>
    public static IReadOnlyList<string> ConformanceClasses { get; } =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    public static JsonObject Landing(string root) => new()
    {
        ["title"] = "Partitioner: GP commissioning consortia",
        ["description"] = "Consortium plans of finished jobs and the bundled practice datasets as OGC API Features (GeoJSON; CRS84 and EPSG:27700).",
        ["links"] = new JsonArray(
            Link(root, "self", Json, "This document"),
            Link("/openapi/v1.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition", root),
            Link("/docs", "service-doc", "text/html", "The API documentation", root),
            Link(root + "/conformance", "conformance", Json, "Conformance classes implemented"),
            Link(root + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance", Json, "Conformance classes implemented"),
            Link(root + "/collections", "data", Json, "The feature collections"),
            Link(root + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", Json, "The feature collections")),
    };

    public static JsonObject Conformance() => new() { ["conformsTo"] = new JsonArray([.. ConformanceClasses.Select(c => (JsonNode)c)]) };

    public static JsonObject Collections(string root, IReadOnlyList<OgcCollection> collections) => new()
    {
        ["links"] = new JsonArray(Link(root + "/collections", "self", Json, "The feature collections")),
        ["collections"] = new JsonArray([.. collections.Select(c => (JsonNode)Collection(root, c))]),
        ["crs"] = new JsonArray([.. OgcCrs.Supported.Select(c => (JsonNode)c)]),
    };

    public static JsonObject Collection(string root, OgcCollection c)
    {
        var self = $"{root}/collections/{Uri.EscapeDataString(c.Id)}";
        var e = c.Extent;
        var bbox = e.IsNull ? new JsonArray() : new JsonArray(new JsonArray(Round(e.MinX), Round(e.MinY), Round(e.MaxX), Round(e.MaxY)));
        return new JsonObject
        {
            ["id"] = c.Id,
            ["title"] = c.Title,
            ["description"] = c.Description,
            ["itemType"] = "feature",
            ["extent"] = new JsonObject { ["spatial"] = new JsonObject { ["bbox"] = bbox, ["crs"] = OgcCrs.Crs84 } },
            ["crs"] = new JsonArray([.. OgcCrs.Supported.Select(x => (JsonNode)x)]),
            ["storageCrs"] = OgcCrs.Crs84,
            ["links"] = new JsonArray(
                Link(self, "self", Json, c.Title),
                Link(self + "/items", "items", GeoJson, $"{c.Title} (GeoJSON)")),
        };
    }

    /// <summary>A link object; a path starting with '/' is made absolute against <paramref name="root"/>'s host.</summary>
    public static JsonObject Link(string href, string rel, string type, string title, string? root = null)
    {
        if (root is not null && href.StartsWith('/'))
            href = new Uri(new Uri(root), href).ToString();
        return new JsonObject { ["href"] = href, ["rel"] = rel, ["type"] = type, ["title"] = title };
    }

    private static double Round(double v) => Math.Round(v, 6);
}
