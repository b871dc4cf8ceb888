using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Partitioner.Api;

/// <summary>Adds a worked request example to each planning operation's JSON body in the OpenAPI document.</summary>
public sealed class ApiExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["SubmitJob"] = """
            {"dataset": "region",
             "options": {"min": 100000, "max": 300000,
                         "balance": {"deprivation": {"tolerance": 0.25, "kind": "relative"}},
                         "count_preference": "fewest", "seed": 7, "time_limit_seconds": 30, "mode": "best_effort"}}
            """,
        ["Solve"] = """
            {"practices": {"type": "FeatureCollection", "features": [
               {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.61, 54.97]},
                "properties": {"practice_code": "Y00001", "name": "Quayside Surgery", "list_size": 60000, "imd_score": 30.1, "spend": 9000000}},
               {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.52, 54.91]},
                "properties": {"practice_code": "Y00002", "name": "Fellside Practice", "list_size": 70000, "imd_score": 18.4, "spend": 10400000}}]},
             "options": {"min": 100000, "max": 750000, "seed": 1}}
            """,
        ["EvaluatePlan"] = """
            {"dataset": "region", "group_by": "ccg_code",
             "options": {"min": 100000, "max": 750000, "balance": "deprivation=0.2"}}
            """,
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is { } id && Examples.TryGetValue(id, out var example)
            && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json) && json is OpenApiMediaType media)
            media.Example = JsonNode.Parse(example);
        return Task.CompletedTask;
    }
}
