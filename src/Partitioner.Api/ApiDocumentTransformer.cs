using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Partitioner.Api;

/// <summary>Title and introduction of the OpenAPI document.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Partitioner API",
            Version = "v1",
            Description =
                "Draws GP commissioning consortia (100,000–750,000 registered patients by default) from practice points, " +
                "or evaluates a proposed grouping against the rules (population range, contiguity, deprivation/spend balance).\n\n" +
                "Quick start from a notebook:\n" +
                "1. `GET /v1/datasets` lists bundled practice sets (e.g. `region`, 300 practices).\n" +
                "2. `POST /v1/jobs` with `{\"dataset\": \"region\", \"options\": {\"max\": 300000, \"seed\": 1}}` returns 202 and a Location.\n" +
                "3. Poll `GET /v1/jobs/{id}` until `state` is `succeeded`; then `GET /v1/jobs/{id}/consortia` (GeoJSON for QGIS/geopandas) and `/report`.\n" +
                "Small studies can use `POST /v1/solve` synchronously; `POST /v1/evaluations` checks your own plan (`group_by` or `mapping`).\n\n" +
                "Every error is an RFC 7807 problem document; input problems are listed in `errors` as {where, field, value, message}.",
        };
        return Task.CompletedTask;
    }
}
