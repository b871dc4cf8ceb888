using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>
/// A JSON request body: the practices (inline GeoJSON FeatureCollection, or a bundled dataset's name) and the options.
/// For evaluations, the plan is given by <c>group_by</c> or <c>mapping</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PlanningRequest
{
    [Description("Practices as a GeoJSON FeatureCollection of Point features (properties: practice_code, name, list_size, imd_score, spend, ...). Give this or dataset.")]
    public JsonNode? Practices { get; set; }

    [Description("Name of a bundled dataset (see GET /v1/datasets), e.g. \"region\". Give this or practices.")]
    public string? Dataset { get; set; }

    [Description("Rules, solver settings and field mapping.")]
    public PlanningOptions? Options { get; set; }

    [Description("Evaluations only: the practice property naming each practice's consortium, e.g. \"ccg_code\".")]
    public string? GroupBy { get; set; }

    [Description("Sweeps only (POST /v1/sweeps): the balance bands to solve, deprivation and spend at the same relative tolerance.")]
    public SweepOptions? Sweep { get; set; }

    [Description("Evaluations and federations: the plan as {\"practice_code\": \"consortium\"}, a list of [code, consortium] pairs or {\"practice_code\", \"consortium\"} objects, or the consortia drawn as a GeoJSON FeatureCollection of WGS84 polygons named by consortium, name, code or id (each practice in the polygon holding its surgery).")]
    public JsonNode? Mapping { get; set; }

    [Description("Federations only (POST /v1/federations): given federations to measure, as {\"consortium\": \"federation\"} or a list of [consortium, federation] pairs or {\"consortium\", \"federation\"} objects (e.g. each CCG's ICB); every consortium of the plan must be mapped. Instead of options.federation_by.")]
    public JsonNode? FederationMapping { get; set; }
}
