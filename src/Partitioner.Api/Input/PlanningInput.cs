using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Core.Files;

namespace Partitioner.Api.Input;

/// <summary>
/// A request as received, before any practice is read: the practices (bytes of a GeoJSON or CSV document, or a
/// dataset name), the options and, for evaluations, the plan, for sweeps the bands, for federations the given
/// federations. This is what a job stores so it can run again after a restart.
/// </summary>
public sealed record PlanningInput(string? Dataset, byte[]? Practices, PlanningOptions Options, string? GroupBy = null, JsonNode? Mapping = null, SweepOptions? Sweep = null,
    JsonNode? FederationMapping = null)
{
    /// <summary>"dataset", "geojson" or "csv".</summary>
    public string Source => Dataset is not null ? "dataset" : Practices is { Length: > 0 } p && TextStart.FirstByte(p) == '{' ? "geojson" : "csv";
}
