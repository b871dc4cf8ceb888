using Partitioner.Api.Contracts;

namespace Partitioner.Api.Endpoints;

/// <summary>Shared OpenAPI text and metadata about the accepted request forms.</summary>
internal static class RequestForms
{
    /// <summary>The request forms every practices-taking endpoint accepts, and the problems it may answer with.</summary>
    public static RouteHandlerBuilder AcceptsPractices(this RouteHandlerBuilder endpoint) => endpoint
        .Accepts<PlanningRequest>("application/json", "application/geo+json", "text/csv", "multipart/form-data")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public const string Description =
        "Practices can be sent as:\n" +
        "- `application/json`: `{\"practices\": {GeoJSON FeatureCollection of Points}, \"options\": {...}}` or `{\"dataset\": \"region\", \"options\": {...}}`;\n" +
        "- `multipart/form-data`: a `practices` file part (CSV or GeoJSON) and an `options` part holding the options JSON, with the header `X-Partitioner-Request: 1` (403 without);\n" +
        "- `text/csv` or `application/geo+json` body with the options in the query string (`?min=100000&max=750000&balance=deprivation=0.2&fields=code=ods_code`).\n" +
        "Practice fields default to practice_code, name, list_size (patients), imd_score (deprivation), spend, and lon/lat (or easting/northing) for CSV; rename with `options.fields`.";
}
