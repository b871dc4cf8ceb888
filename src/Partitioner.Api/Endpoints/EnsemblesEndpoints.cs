using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Core.Ensembles;
using Partitioner.Core.GeoJson;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/ensembles: sample valid plans as a job, fetch the ensemble's files, test a proposal against it.</summary>
public static class EnsemblesEndpoints
{
    public static RouteGroupBuilder MapEnsembles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/ensembles").WithTags("Ensembles");

        group.MapPost("/", Submit)
            .WithName("SubmitEnsemble")
            .WithSummary("Sample an ensemble of valid plans (a job)")
            .WithDescription("`application/json`: `{\"dataset\": \"region\" | \"practices\": FeatureCollection, \"options\": {rules as for a job}, \"group_by\": \"ccg_code\", \"ensemble\": {\"plans\": 1000, \"chains\": 4, \"seed\": 1, \"thin\": 100, \"burn_in\": 1000, \"count\": 8}}`. Reversible ReCom chains sample plans with `count` consortia that all meet every rule, from the spanning-tree-weighted distribution; `group_by` is the existing map each plan's disruption is measured from. Checked at once (400 lists every problem), then queued like a solve: 202 with `Location: /v1/ensembles/{id}`; poll until `state` is `succeeded`, then fetch `links.report` (convergence and verdict), `links.plans` (one CSV row per plan and statistic), `links.cores` and `links.coassignment` (GeoJSON), or POST a proposal to `links.outliers`.\n\nExample: `{\"dataset\": \"region\", \"group_by\": \"ccg_code\", \"ensemble\": {\"plans\": 400, \"count\": 8, \"thin\": 50}}`")
            .Accepts<EnsembleRequest>("application/json")
            .Produces<EnsembleStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id}", Get)
            .WithName("GetEnsemble")
            .WithSummary("An ensemble's state, progress and summary")
            .Produces<EnsembleStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/report", Report)
            .WithName("GetEnsembleReport")
            .WithSummary("What was sampled, the chains, convergence (split R-hat, effective sample size) and the verdict (JSON)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesFileProblems();

        group.MapGet("/{id}/plans", PlansTable)
            .WithName("GetEnsemblePlans")
            .WithSummary("One row per recorded plan: chain, step and every statistic (CSV)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesFileProblems();

        group.MapGet("/{id}/cores", Cores)
            .WithName("GetEnsembleCores")
            .WithSummary("Stable cores: groups of practices together in at least 90% of the plans (GeoJSON polygons)")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesFileProblems();

        group.MapGet("/{id}/coassignment", CoAssignment)
            .WithName("GetEnsembleCoAssignment")
            .WithSummary("How often each pair of neighbouring practices shares a consortium (GeoJSON lines; ?format=csv for a table)")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesFileProblems();

        group.MapPost("/{id}/outliers", Outliers)
            .WithName("TestProposalAgainstEnsemble")
            .WithSummary("Where a proposed plan and each of its consortia sit among the ensemble's")
            .WithDescription("`{\"group_by\": \"ccg_code\"}` or `{\"mapping\": {\"practice_code\": \"consortium\", ...}}`: a plan of the ensemble's own practices. Answers the plan's percentile on every statistic and, for every proposed consortium, where its deprivation and spend per patient sit among the consortia its practices fall into across the ensemble, flagged beyond the 2.5th or 97.5th percentile, in words.")
            .Accepts<OutlierRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesFileProblems();

        group.MapDelete("/{id}", Cancel)
            .WithName("CancelEnsemble")
            .WithSummary("Cancel an ensemble, or delete a finished one with its files")
            .Produces<EnsembleStatus>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Accepted<EnsembleStatus>> Submit(HttpRequest request, RequestReader reader, EnsembleService ensembles, CancellationToken ct)
    {
        var (input, settings) = await reader.ReadJsonWithAsync(request, "ensemble", ct);
        var status = ensembles.Submit(input, settings);
        return TypedResults.Accepted(status.Links.Self, status);
    }

    public static Results<Ok<EnsembleStatus>, ProblemHttpResult> Get(string id, EnsembleService ensembles) =>
        ensembles.Find(id) is { } status ? TypedResults.Ok(status) : Problems.NotFound(EnsembleService.Unknown(id));

    public static FileContentHttpResult Report(string id, EnsembleService ensembles) =>
        TypedResults.File(ensembles.File(id, EnsembleFiles.Summary), "application/json");

    public static FileContentHttpResult PlansTable(string id, EnsembleService ensembles) =>
        TypedResults.File(ensembles.File(id, EnsembleFiles.Plans), "text/csv", $"ensemble-{id}-plans.csv");

    public static FileContentHttpResult Cores(string id, EnsembleService ensembles) =>
        TypedResults.File(ensembles.File(id, EnsembleFiles.Cores), PlanLayers.MediaType);

    public static FileContentHttpResult CoAssignment(string id, string? format, EnsembleService ensembles) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "geojson" => TypedResults.File(ensembles.File(id, EnsembleFiles.CoAssignmentLayer), PlanLayers.MediaType),
        "csv" => TypedResults.File(ensembles.File(id, EnsembleFiles.CoAssignment), "text/csv", $"ensemble-{id}-coassignment.csv"),
        _ => throw new Core.Practices.InputException("query", "format", format, "Use format=geojson (the default) or format=csv."),
    };

    public static async Task<FileContentHttpResult> Outliers(string id, HttpRequest request, RequestReader reader, EnsembleService ensembles, CancellationToken ct)
    {
        // The body limit, the JSON gate (nesting, a member named twice, sizes) and the cap on names, as for every other body.
        var (_, body) = await reader.ReadJsonAsync(request, "application/json with group_by or mapping", ct);
        var proposal = body is null ? new OutlierRequest() : RequestReader.Deserialize<OutlierRequest>(body, "body");
        if (proposal.GroupBy is { } groupBy) RequestNames.Check("body", "group_by", groupBy);
        var report = await Task.Run(() => ensembles.Outliers(id, proposal), ct);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(report.ToJson().ToJsonString()), "application/json");
    }

    public static Results<Accepted<EnsembleStatus>, NoContent, ProblemHttpResult> Cancel(string id, EnsembleService ensembles)
    {
        var status = ensembles.Find(id);
        if (status is null) return Problems.NotFound(EnsembleService.Unknown(id));
        if (status.State is "queued" or "running")
        {
            ensembles.Cancel(id);
            return TypedResults.Accepted(status.Links.Self, ensembles.Find(id) ?? status);
        }
        ensembles.Delete(id);
        return TypedResults.NoContent();
    }

    private static RouteHandlerBuilder ProducesFileProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
