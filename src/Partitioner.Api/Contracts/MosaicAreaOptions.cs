using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>Where contiguity is relaxed to "within distance_km of another practice of the consortium".</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MosaicAreaOptions
{
    [Description("D: practices of the mosaic area within this many km count as neighbours.")]
    public double? DistanceKm { get; set; }

    [Description("A site is in the mosaic area when its cell holds at least this many patients per km².")]
    public double? MinDensity { get; set; }

    [Description("The mosaic area as an inline GeoJSON Polygon/MultiPolygon (WGS84).")]
    public JsonNode? Area { get; set; }
}
