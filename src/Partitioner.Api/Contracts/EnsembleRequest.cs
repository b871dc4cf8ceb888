using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>POST /v1/ensembles: the practices and rules (as for a job), the existing map disruption is measured from,
/// and how to sample.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EnsembleRequest
{
    [Description("Practices as a GeoJSON FeatureCollection of Point features. Give this or dataset.")]
    public JsonNode? Practices { get; set; }

    [Description("Name of a bundled dataset (see GET /v1/datasets). Give this or practices.")]
    public string? Dataset { get; set; }

    [Description("Rules and field mapping, as for a job (min, max, balance, deprived_share, fields, crs, missing, boundary, bridge_islands).")]
    public PlanningOptions? Options { get; set; }

    [Description("The practice property holding the existing map (e.g. \"ccg_code\") that each plan's disruption is measured from.")]
    public string? GroupBy { get; set; }

    [Description("How to sample: plans, chains, seed, thin, burn_in, count, start_steps.")]
    public EnsembleSettings? Ensemble { get; set; }
}
