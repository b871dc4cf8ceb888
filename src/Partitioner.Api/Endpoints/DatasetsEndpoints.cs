using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Datasets;
using Partitioner.Api.Errors;
using Partitioner.Core.GeoJson;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/datasets: the bundled practice datasets usable by name.</summary>
public static class DatasetsEndpoints
{
    public static RouteGroupBuilder MapDatasets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/datasets").WithTags("Datasets");
        group.MapGet("/", List)
            .WithName("ListDatasets")
            .WithSummary("List the bundled datasets")
            .WithDescription("Each dataset's name (use it as `\"dataset\"` in requests), description, practice count and total patients.");
        group.MapGet("/{name}/practices", Practices)
            .WithName("GetDatasetPractices")
            .WithSummary("A dataset's practices (GeoJSON)")
            .WithDescription("The dataset's practices as a GeoJSON FeatureCollection of WGS84 points with practice_code, name, list_size, imd_score, spend and the other input columns.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/boundary", Boundary)
            .WithName("GetDatasetBoundary")
            .WithSummary("A dataset's study boundary (GeoJSON)")
            .WithDescription("The dataset's study area as a GeoJSON FeatureCollection of one WGS84 (Multi)Polygon: the background the map page draws. 404 when the dataset has no boundary.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/councils", Councils)
            .WithName("GetDatasetCouncils")
            .WithSummary("A dataset's council boundaries (GeoJSON)")
            .WithDescription("The council boundaries given with the dataset (its councils.geojson) as a WGS84 FeatureCollection of polygons, drawn by the map page. 404 when the dataset has none.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static Ok<DatasetSummary[]> List(DatasetCatalog catalog) =>
        TypedResults.Ok(catalog.All.Select(catalog.Summarise).ToArray());

    public static Results<FileContentHttpResult, ProblemHttpResult> Practices(string name, DatasetCatalog catalog) =>
        catalog.Find(name) is { } d
            ? TypedResults.File(catalog.PracticesGeoJson(d), PlanLayers.MediaType)
            : Problems.NotFound($"No dataset '{name}'. Available: {string.Join(", ", catalog.All.Select(x => x.Name))}.");

    public static Results<FileContentHttpResult, ProblemHttpResult> Boundary(string name, DatasetCatalog catalog)
    {
        if (catalog.Find(name) is not { } d)
            return Problems.NotFound($"No dataset '{name}'. Available: {string.Join(", ", catalog.All.Select(x => x.Name))}.");
        return catalog.BoundaryGeoJson(d) is { } bytes
            ? TypedResults.File(bytes, PlanLayers.MediaType)
            : Problems.NotFound($"Dataset '{name}' has no boundary.geojson; its study area is the practices' hull plus 5 km.");
    }

    public static Results<FileContentHttpResult, ProblemHttpResult> Councils(string name, DatasetCatalog catalog)
    {
        if (catalog.Find(name) is not { } d)
            return Problems.NotFound($"No dataset '{name}'. Available: {string.Join(", ", catalog.All.Select(x => x.Name))}.");
        return catalog.CouncilsGeoJson(d) is { } bytes
            ? TypedResults.File(bytes, PlanLayers.MediaType)
            : Problems.NotFound($"Dataset '{name}' has no councils.geojson. Put council boundaries (WGS84 polygons) there to draw them on the map page.");
    }
}
