using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>POST /v1/ensembles/{id}/outliers: the proposed plan, of the ensemble's own practices.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class OutlierRequest
{
    [Description("The practice property naming each practice's consortium in the proposal, e.g. \"ccg_code\".")]
    public string? GroupBy { get; set; }

    [Description("The proposal as {\"practice_code\": \"consortium\"}, or a list of [code, consortium] pairs or {\"practice_code\", \"consortium\"} objects.")]
    public JsonNode? Mapping { get; set; }
}
