using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Jobs;
using Partitioner.Api.Levels;
using Partitioner.Api.Input;
using Partitioner.Core.GeoJson;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/federations: the levels above an existing plan; /v1/jobs/{id}/federations and /agencies: a job's level layers.</summary>
public static class FederationsEndpoints
{
    public static IEndpointRouteBuilder MapFederations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/federations").WithTags("Federations");
        group.MapPost("/", Federate)
            .WithName("FederatePlan")
            .WithSummary("Group a plan's consortia into federations, or measure given federations")
            .WithDescription(RequestForms.Description + "\n\nThe plan is given by `group_by` or `mapping`, as for evaluations. With `options.federations` (`{\"min\": 500000, \"max\": 2000000}`) its consortia are grouped into contiguous federations by the solver (and, with `options.agencies`, the federations into support agencies); with `options.federation_by` the federations given by that practice property are measured instead. Each level's units carry their overspend risk (`options.risk`), the reduction pooling gives, and their fair share. Returns `{\"consortia\", \"federations\", \"agencies\"?, \"practices\", \"report\"}`; the report's `levels` section lists every level.\n\nExample: `{\"dataset\": \"region\", \"group_by\": \"ccg_code\", \"options\": {\"federations\": {\"min\": 500000}}}`")
            .AcceptsPractices()
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

        app.MapGet("/v1/jobs/{id}/{level:regex(^(localities|federations|agencies)$)}", Layer)
            .WithTags("Jobs")
            .WithName("GetJobLevelLayer")
            .WithSummary("A level layer of a job with levels (GeoJSON)")
            .WithDescription("The localities, federations or agencies of a job submitted with options.federations (and options.localities, options.agencies): dissolved polygons (WGS84) with the names of the levels above, member counts, overspend risk and fair share. 404 when the job has no such level.")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<FileContentHttpResult> Federate(HttpRequest request, RequestReader reader, LevelPlanner planner, CancellationToken ct)
    {
        var input = await reader.ReadAsync(request, ct);
        var outputs = await Task.Run(() => planner.Federate(input), ct);
        var members = new List<(string, byte[])> { ("consortia", outputs.Consortia) };
        foreach (var (name, layer) in outputs.Levels) members.Add((name, layer));
        members.Add(("practices", outputs.Practices));
        members.Add(("report", outputs.Report));
        return TypedResults.File(PlanOutputs.Combine(members.ToArray()), "application/json");
    }

    public static Results<FileContentHttpResult, ProblemHttpResult> Layer(string id, string level, IJobService jobs)
    {
        var status = jobs.Find(id);
        if (status is null) return Problems.NotFound($"No job '{id}'.");
        if (status.State != "succeeded") return Problems.Conflict($"Job {id} is {status.State}; its {level} are available once it has succeeded with options.federations.");
        var bytes = jobs.Result(id, level);
        return bytes is null
            ? Problems.NotFound($"Job {id} has no {level} layer: submit it with options.federations{(level == "agencies" ? " and options.agencies" : level == "localities" ? " and options.localities" : "")}.")
            : TypedResults.File(bytes, PlanLayers.MediaType);
    }
}
