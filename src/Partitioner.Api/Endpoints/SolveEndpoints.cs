using Microsoft.AspNetCore.Http.HttpResults;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Api.Planning;

namespace Partitioner.Api.Endpoints;

/// <summary>/v1/solve: a synchronous solve for small studies.</summary>
public static class SolveEndpoints
{
    public static RouteGroupBuilder MapSolve(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/solve").WithTags("Solve");
        group.MapPost("/", Solve)
            .WithName("Solve")
            .WithSummary("Solve a small study now")
            .WithDescription(RequestForms.Description + "\n\nFor small inputs only (the service's MaxSyncPractices, 413 above it) and a short time limit (SyncTimeLimitSeconds); larger studies go to POST /v1/jobs. Returns `{\"consortia\": FeatureCollection, \"report\": {...}}`. A strict request that cannot be met returns 422 with the reasons and fixes in `errors`.\n\nExample: `{\"dataset\": \"region\", \"options\": {\"min\": 100000, \"max\": 400000, \"max_steps\": 20000, \"seed\": 1}}`")
            .AcceptsPractices()
            .Produces<SolveResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<FileContentHttpResult> Solve(HttpRequest request, RequestReader reader, SyncPlanner planner, WorkAdmission admission, CancellationToken ct)
    {
        var input = await reader.ReadAsync(request, ct);
        var outputs = await admission.RunRequestAsync("POST /v1/solve", ct, work => planner.Solve(input, work));
        return TypedResults.File(PlanOutputs.Combine(("consortia", outputs.Consortia), ("report", outputs.Report)), "application/json");
    }
}
