using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Errors;
using Partitioner.Core.Layers;

namespace Partitioner.Api.Ogc;

/// <summary>
/// /ogc: OGC API Features (Part 1 core + GeoJSON, Part 2 CRS) over finished jobs and the bundled datasets, so QGIS and
/// GDAL add a plan as a layer by URL.
/// </summary>
public static class OgcEndpoints
{
    public const string Root = "/ogc";

    public static RouteGroupBuilder MapOgc(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).WithTags("OGC API Features");
        group.MapGet("/", Landing)
            .WithName("OgcLanding")
            .WithSummary("OGC API Features landing page")
            .WithDescription("Links to the API definition, the conformance classes and the collections. Give this URL to QGIS (Layer ▸ Add Layer ▸ Add WFS / OGC API - Features Layer) or GDAL (`OAPIF:` + URL).")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.Json);
        group.MapGet("/conformance", Conformance)
            .WithName("OgcConformance")
            .WithSummary("Conformance classes implemented")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.Json);
        group.MapGet("/collections", Collections)
            .WithName("OgcCollections")
            .WithSummary("The feature collections")
            .WithDescription($"Each bundled dataset's practices and boundary, and the consortia and practices of the newest {OgcCatalog.ListedJobs} succeeded jobs (`job-{{id}}-consortia`, `job-{{id}}-practices`), with extent, item type and CRS list.")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.Json);
        group.MapGet("/collections/{collectionId}", Collection)
            .WithName("OgcCollection")
            .WithSummary("One feature collection")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.Json)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/items", Items)
            .WithName("OgcItems")
            .WithSummary("A page of a collection's features (GeoJSON)")
            .WithDescription($"Query: `limit` (1–{OgcItemsQuery.MaxLimit}, default {OgcItemsQuery.DefaultLimit}), `offset`, `bbox` (minx,miny,maxx,maxy) with `bbox-crs`, `crs` ({OgcCrs.Crs84} or {OgcCrs.BritishNationalGrid}). The answer has numberMatched, numberReturned and a `next` link while features remain; its CRS is in the Content-Crs header.")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.GeoJson)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/collections/{collectionId}/items/{featureId}", Item)
            .WithName("OgcItem")
            .WithSummary("One feature (GeoJSON)")
            .WithDescription("A consortium by name, a practice by code; `crs` as for items.")
            .Produces(StatusCodes.Status200OK, contentType: OgcDocuments.GeoJson)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static ContentHttpResult Landing(HttpRequest request) => Json(OgcDocuments.Landing(RootUrl(request)).ToJsonString());

    public static ContentHttpResult Conformance() => Json(OgcDocuments.Conformance().ToJsonString());

    public static ContentHttpResult Collections(HttpRequest request, OgcCatalog catalog) =>
        Json(OgcDocuments.Collections(RootUrl(request), catalog.List()).ToJsonString());

    public static Results<ContentHttpResult, ProblemHttpResult> Collection(string collectionId, HttpRequest request, OgcCatalog catalog) =>
        catalog.Describe(collectionId) is { } c
            ? Json(OgcDocuments.Collection(RootUrl(request), c).ToJsonString())
            : Problems.NotFound(UnknownCollection(collectionId));

    public static Results<FileContentHttpResult, ProblemHttpResult> Items(string collectionId, HttpContext http, OgcCatalog catalog)
    {
        var query = OgcItemsQuery.Parse(http.Request.Query);
        if (catalog.Layer(collectionId) is not { } layer) return Problems.NotFound(UnknownCollection(collectionId));
        var url = $"{RootUrl(http.Request)}/collections/{Uri.EscapeDataString(collectionId)}/items";
        SetContentCrs(http, query.Crs);
        return TypedResults.File(OgcItemsWriter.Page(layer, query, url, http.Request.Query), OgcDocuments.GeoJson);
    }

    public static Results<FileContentHttpResult, ProblemHttpResult> Item(string collectionId, string featureId, HttpContext http, OgcCatalog catalog)
    {
        var query = OgcItemsQuery.Parse(http.Request.Query, single: true);
        if (catalog.Layer(collectionId) is not { } layer) return Problems.NotFound(UnknownCollection(collectionId));
        if (layer.Find(featureId) is not { } feature)
            return Problems.NotFound($"Collection '{collectionId}' has no feature '{featureId}'. Consortia are found by name, practices by practice code.");
        var collection = $"{RootUrl(http.Request)}/collections/{Uri.EscapeDataString(collectionId)}";
        SetContentCrs(http, query.Crs);
        return TypedResults.File(OgcItemsWriter.Item(layer, feature, query.Crs, $"{collection}/items/{Uri.EscapeDataString(featureId)}", collection), OgcDocuments.GeoJson);
    }

    private static void SetContentCrs(HttpContext http, OutputCrs crs) => http.Response.Headers["Content-Crs"] = $"<{OgcCrs.Uri(crs)}>";

    private static ContentHttpResult Json(string json) => TypedResults.Content(json, OgcDocuments.Json);

    private static string RootUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";

    private static string UnknownCollection(string id) =>
        $"No collection '{id}'. Collections are named dataset-{{name}}-practices, dataset-{{name}}-boundary, job-{{id}}-consortia and job-{{id}}-practices for succeeded jobs; GET {Root}/collections lists them.";
}
