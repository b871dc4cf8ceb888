using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Api.Planning;
using Partitioner.Core.GeoJson;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/evaluations: check a proposed plan against the rules.</summary>
public static class EvaluationsEndpoints
{
    public static RouteGroupBuilder MapEvaluations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/evaluations").WithTags("Evaluations");
        group.MapPost("/", Evaluate)
            .WithName("EvaluatePlan")
            .WithSummary("Evaluate a proposed plan")
            .WithDescription(RequestForms.Description + "\n\nThe plan is given by `group_by` (a practice property naming each practice's consortium, e.g. `ccg_code`) or by `mapping` (`{\"Y00001\": \"North\", ...}` or a list of pairs). The rules (`options.min`, `max`, `balance`, `deprived_share`) default to 100,000–750,000 patients. Returns `{\"consortia\", \"practices\", \"report\"}`; `?layer=consortia` (or `practices`) returns just that GeoJSON layer as application/geo+json, `?layer=report` just the report.\n\nExample: `{\"dataset\": \"region\", \"group_by\": \"ccg_code\", \"options\": {\"balance\": \"deprivation=0.2\"}}`")
            .AcceptsPractices()
            .Produces<EvaluationResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, contentType: PlanLayers.MediaType);
        return group;
    }

    public static async Task<FileContentHttpResult> Evaluate(HttpRequest request, RequestReader reader, SyncPlanner planner, WorkAdmission admission, string? layer, CancellationToken ct)
    {
        var which = layer?.Trim().ToLowerInvariant();
        if (which is not (null or "" or "all" or "consortia" or "practices" or "report"))
            throw new Core.Practices.InputException("query", "layer", SafeText.Of(layer), "Use layer=consortia, practices or report, or leave it out for all three.");
        var input = await reader.ReadAsync(request, ct);
        var outputs = await admission.RunRequestAsync("POST /v1/evaluations", ct, work => planner.Evaluate(input, work));
        return which switch
        {
            "consortia" => TypedResults.File(outputs.Consortia, PlanLayers.MediaType),
            "practices" => TypedResults.File(outputs.Practices, PlanLayers.MediaType),
            "report" => TypedResults.File(outputs.Report, "application/json"),
            _ => TypedResults.File(PlanOutputs.Combine(("consortia", outputs.Consortia), ("practices", outputs.Practices), ("report", outputs.Report)), "application/json"),
        };
    }
}
