using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Contracts;

/// <summary>The answer of POST /v1/solve.</summary>
public sealed record SolveResponse(
    [property: Description("Consortia layer: GeoJSON FeatureCollection of dissolved polygons with metrics as properties.")] JsonObject Consortia,
    [property: Description("Plan report: parameters, rules, area, summary, solver section, consortia metrics, bridges, warnings.")] JsonObject Report);

/// <summary>The answer of POST /v1/evaluations (without ?layer).</summary>
public sealed record EvaluationResponse(
    [property: Description("Consortia layer (GeoJSON FeatureCollection).")] JsonObject Consortia,
    [property: Description("Practices layer (GeoJSON FeatureCollection of points with their consortium).")] JsonObject Practices,
    [property: Description("Plan report: whether the plan meets every rule, and each consortium's metrics and violations.")] JsonObject Report);
