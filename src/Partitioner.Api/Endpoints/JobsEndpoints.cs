using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Core.GeoJson;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Layers;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/jobs: submit a solve, follow it, fetch its results, cancel it.</summary>
public static class JobsEndpoints
{
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/jobs").WithTags("Jobs");

        group.MapPost("/", Submit)
            .WithName("SubmitJob")
            .WithSummary("Submit a solve job")
            .WithDescription(RequestForms.Description + "\n\nThe practices and options are checked at once (400 lists every problem); the job is then queued and solved in the background. Returns 202 with a Location header: poll `GET /v1/jobs/{id}` until `state` is `succeeded`, `failed` or `cancelled`, then fetch `links.consortia`, `links.practices` and `links.report`.\n\nExample: `{\"dataset\": \"region\", \"options\": {\"min\": 100000, \"max\": 300000, \"balance\": {\"deprivation\": {\"tolerance\": 0.25, \"kind\": \"relative\"}}, \"seed\": 7, \"time_limit_seconds\": 30}}`")
            .Accepts<PlanningRequest>("application/json", "application/geo+json", "text/csv", "multipart/form-data")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id}", Get)
            .WithName("GetJob")
            .WithSummary("Get a job's state and progress")
            .WithDescription("State (queued, running, succeeded, failed, cancelled), progress (elapsed, steps, best score, feasible yet), the parameters and seed, errors (input problems or the solver's infeasibility reasons with fixes), the summary when done, and links to the results.")
            .Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/consortia", Consortia)
            .WithName("GetJobConsortia")
            .WithSummary("The consortia layer (GeoJSON)")
            .WithDescription("Dissolved consortium polygons (WGS84) with their metrics as properties. 409 while the job is not finished, 422 when it failed (e.g. the rules are impossible), 404 for an unknown job.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesResultProblems();

        group.MapGet("/{id}/practices", Practices)
            .WithName("GetJobPractices")
            .WithSummary("The practices layer (GeoJSON)")
            .WithDescription("Practice points with their consortium and input properties.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesResultProblems();

        group.MapGet("/{id}/report", Report)
            .WithName("GetJobReport")
            .WithSummary("The plan report (JSON)")
            .WithDescription("Parameters, rules, study area, summary, the solver section (status, termination, objective, statistics, issues), every consortium's metrics, bridges and warnings.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesResultProblems();

        group.MapGet("/{id}/geopackage", GeoPackage)
            .WithName("GetJobGeoPackage")
            .WithSummary("Every layer of the plan in one GeoPackage")
            .WithDescription("An OGC GeoPackage (.gpkg) with the consortia (MULTIPOLYGON) and practices (POINT) layers, typed columns as in the GeoJSON layers, in British National Grid (EPSG:27700) unless `crs=EPSG:4326` (WGS84 longitude/latitude). Same answers as the GeoJSON layers while the job is not finished.")
            .Produces(StatusCodes.Status200OK, contentType: GeoPackageWriter.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesResultProblems();

        group.MapDelete("/{id}", Cancel)
            .WithName("CancelJob")
            .WithSummary("Cancel a job, or delete a finished one")
            .WithDescription("A queued or running job is cancelled (202; a running solve stops within a moment and the job ends as `cancelled`). A finished job is deleted with its results (204).")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Accepted<JobStatus>> Submit(HttpRequest request, RequestReader reader, IJobService jobs, CancellationToken ct)
    {
        var input = await reader.ReadAsync(request, ct);
        var status = jobs.Submit(input);
        return TypedResults.Accepted(status.Links.Self, status);
    }

    public static Results<Ok<JobStatus>, ProblemHttpResult> Get(string id, IJobService jobs) =>
        jobs.Find(id) is { } status ? TypedResults.Ok(status) : Problems.NotFound(UnknownJob(id));

    public static Results<FileContentHttpResult, ProblemHttpResult> Consortia(string id, IJobService jobs) => Document(id, jobs, "consortia", PlanLayers.MediaType);

    public static Results<FileContentHttpResult, ProblemHttpResult> Practices(string id, IJobService jobs) => Document(id, jobs, "practices", PlanLayers.MediaType);

    public static Results<FileContentHttpResult, ProblemHttpResult> Report(string id, IJobService jobs) => Document(id, jobs, "report", "application/json");

    public static Results<FileContentHttpResult, ProblemHttpResult> GeoPackage(string id, string? crs, IJobService jobs, JobLayers layers)
    {
        var output = crs?.Trim().ToUpperInvariant() switch
        {
            null or "" or "EPSG:27700" or "27700" => OutputCrs.BritishNationalGrid,
            "EPSG:4326" or "4326" or "CRS84" or "OGC:CRS84" => OutputCrs.Wgs84,
            _ => throw new ApiProblemException(StatusCodes.Status400BadRequest, "Unsupported CRS",
                $"crs '{crs}' is not offered for GeoPackage downloads. Use EPSG:27700 (British National Grid, the default) or EPSG:4326 (WGS84)."),
        };
        if (Unavailable(id, jobs, "GeoPackage") is { } problem) return problem;
        var all = layers.All(id);
        return all is null
            ? Problems.Conflict($"Job {id} has no stored layers.")
            : TypedResults.File(GeoPackageWriter.ToBytes(all, output), GeoPackageWriter.MediaType, $"partitioner-{id}.gpkg");
    }

    public static Results<Accepted<JobStatus>, NoContent, ProblemHttpResult> Cancel(string id, IJobService jobs)
    {
        var status = jobs.Find(id);
        if (status is null) return Problems.NotFound(UnknownJob(id));
        if (status.State is "queued" or "running")
        {
            jobs.Cancel(id);
            return TypedResults.Accepted(status.Links.Self, jobs.Find(id) ?? status);
        }
        jobs.Delete(id);
        return TypedResults.NoContent();
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Document(string id, IJobService jobs, string document, string contentType)
    {
        if (Unavailable(id, jobs, document) is { } problem) return problem;
        var bytes = jobs.Result(id, document);
        return bytes is null
            ? Problems.Conflict($"Job {id} has no stored {document}.")
            : TypedResults.File(bytes, contentType);
    }

    /// <summary>Why a job's result cannot be given (unknown, unfinished, cancelled, failed), or null when it has succeeded.</summary>
    private static ProblemHttpResult? Unavailable(string id, IJobService jobs, string document)
    {
        var status = jobs.Find(id);
        if (status is null) return Problems.NotFound(UnknownJob(id));
        return status.State switch
        {
            "queued" or "running" => Problems.Conflict($"Job {id} is {status.State}; its {document} is available once it has succeeded. Poll {status.Links.Self}.", new { status.State, status.Progress }),
            "cancelled" => Problems.Conflict($"Job {id} was cancelled, so it has no {document}. Submit it again."),
            "failed" => Problems.Unprocessable("The job failed", status.Message ?? $"Job {id} failed.", status.Errors),
            _ => null,
        };
    }

    private static string UnknownJob(string id) => $"No job '{id}'. It may never have existed, or it finished more than the retention period ago and was deleted.";

    /// <summary>What fetching a job's result can answer instead: unknown job, not finished, or failed.</summary>
    private static RouteHandlerBuilder ProducesResultProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
