using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/sweeps: solve a series of balance bands as one job and fetch the trade-off table.</summary>
public static class SweepsEndpoints
{
    public static RouteGroupBuilder MapSweeps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sweeps").WithTags("Sweeps");

        group.MapPost("/", Submit)
            .WithName("SubmitSweep")
            .WithSummary("Submit a sweep of balance bands")
            .WithDescription(RequestForms.Description + "\n\nA sweep solves each band (deprivation and spend at the same relative tolerance; a balance option is refused) with the other options, down to the proven lower bound, as one job (best effort unless `mode` says strict). Give the bands in `sweep`: `{\"bands\": [0.3, 0.25, 0.2]}` or `{\"from\": 0.3, \"to\": \"bound\", \"step\": 0.05}`. Returns 202 with a Location header: poll `GET /v1/sweeps/{id}`, then fetch `links.report`, the table (JSON, or CSV with `?format=csv`).\n\nExample: `{\"dataset\": \"region\", \"options\": {\"max_steps\": 20000, \"seed\": 1}, \"sweep\": {\"bands\": [0.3, 0.2, 0.1]}}`")
            .Accepts<PlanningRequest>("application/json", "multipart/form-data")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id}", Get)
            .WithName("GetSweep")
            .WithSummary("Get a sweep's state and progress")
            .WithDescription("State, the band being solved, the parameters, and when done a summary (bands, bands met, tightest band met, the proven bound) and the link to the table.")
            .Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/table", Table)
            .WithName("GetSweepTable")
            .WithSummary("The trade-off table (JSON, or CSV with format=csv)")
            .WithDescription("One row per band: band_pct, status (met, best_effort, no_plan, impossible), consortia, total_inertia_km2, median_polsby_popper, worst deviations, consortia breaking rules, councils split and patients in whole councils (when the practices have councils), seconds; with the proven bound and the parameters. 409 while the sweep runs, 422 when it failed, 404 for an unknown sweep.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id}", Cancel)
            .WithName("CancelSweep")
            .WithSummary("Cancel a sweep, or delete a finished one")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Accepted<JobStatus>> Submit(HttpRequest request, RequestReader reader, SweepService sweeps, CancellationToken ct)
    {
        var input = await reader.ReadAsync(request, ct);
        var status = sweeps.Submit(input);
        return TypedResults.Accepted(status.Links.Self, status);
    }

    public static Results<Ok<JobStatus>, ProblemHttpResult> Get(string id, SweepService sweeps) =>
        sweeps.Find(id) is { } status ? TypedResults.Ok(status) : Problems.NotFound(Unknown(id));

    public static Results<FileContentHttpResult, ProblemHttpResult> Table(string id, string? format, SweepService sweeps, IJobService jobs)
    {
        var kind = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => "json",
            "csv" => "csv",
            _ => throw new ApiProblemException(StatusCodes.Status400BadRequest, "Unsupported format", $"format '{format}' is not offered. Use json (the default) or csv."),
        };
        var status = sweeps.Find(id);
        if (status is null) return Problems.NotFound(Unknown(id));
        switch (status.State)
        {
            case "queued" or "running":
                return Problems.Conflict($"Sweep {id} is {status.State}; its table is available once it has succeeded. Poll {status.Links.Self}.", new { status.State, status.Progress });
            case "cancelled":
                return Problems.Conflict($"Sweep {id} was cancelled, so it has no table. Submit it again.");
            case "failed":
                return Problems.Unprocessable("The sweep failed", status.Message ?? $"Sweep {id} failed.", status.Errors);
        }
        var bytes = jobs.File(id, kind == "csv" ? JobFiles.SweepCsv : JobFiles.SweepJson);
        return bytes is null
            ? Problems.Conflict($"Sweep {id} has no stored table.")
            : TypedResults.File(bytes, kind == "csv" ? "text/csv" : "application/json", kind == "csv" ? $"sweep-{id}.csv" : null);
    }

    public static Results<Accepted<JobStatus>, NoContent, ProblemHttpResult> Cancel(string id, SweepService sweeps, IJobService jobs)
    {
        var status = sweeps.Find(id);
        if (status is null) return Problems.NotFound(Unknown(id));
        if (status.State is "queued" or "running")
        {
            jobs.Cancel(id);
            return TypedResults.Accepted(status.Links.Self, sweeps.Find(id) ?? status);
        }
        jobs.Delete(id);
        return TypedResults.NoContent();
    }

    private static string Unknown(string id) => $"No sweep '{id}'. It may never have existed, or it finished more than the retention period ago and was deleted.";
}
