using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Api.Planning;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/localities: split one consortium into localities, solved by the exact solver (CP-SAT).</summary>
public static class LocalitiesEndpoints
{
    public static RouteGroupBuilder MapLocalities(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/localities").WithTags("Localities");
        group.MapPost("/{consortium}", Split)
            .WithName("SplitIntoLocalities")
            .WithSummary("Split one consortium into localities (exact solver, CP-SAT)")
            .WithDescription(RequestForms.Description + "\n\nSplits the practices whose `group_by` property equals the `{consortium}` in the path into contiguous localities of at most `options.max` patients (default 30,000, the size that wins GP buy-in; `options.min` defaults to 0), each within `options.balance` if given: the fewest localities, then the most compact, with a proof of optimality from the exact solver (CP-SAT) within the synchronous time limit, or the heuristic's split with the gap to the exact bound when no proof comes in time. A practice above `options.max` is a locality on its own (named in the report's `exact.standalone_practices`); practices of other consortia need no `group_by` value. Returns `{\"consortia\", \"practices\", \"report\"}`, the localities as the consortia layer; the report's `exact` section gives the status, bound and gap, and `count_bound`: no split has fewer localities (equal to the count when it is proven).\n\nExample: `POST /v1/localities/R01` with `{\"dataset\": \"region\", \"group_by\": \"ccg_code\"}`")
            .AcceptsPractices()
            .Produces<EvaluationResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<FileContentHttpResult> Split(HttpRequest request, RequestReader reader, LocalityPlanner planner, WorkAdmission admission, string consortium, CancellationToken ct)
    {
        var input = await reader.ReadAsync(request, ct);
        var outputs = await admission.RunRequestAsync("POST /v1/localities", ct, work => planner.Split(input, consortium, work));
        return TypedResults.File(PlanOutputs.Combine(("consortia", outputs.Consortia), ("practices", outputs.Practices), ("report", outputs.Report)), "application/json");
    }
}
