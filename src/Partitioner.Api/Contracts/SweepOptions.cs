using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>Which balance bands a sweep solves: a list, or a range down to a band or to the proven bound.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SweepOptions
{
    [Description("The bands to solve, as fractions of the area mean: [0.3, 0.25, 0.2] (or the string \"0.3,0.25,0.2\"). Give this or from.")]
    public JsonNode? Bands { get; set; }

    [Description("The widest band of a range, e.g. 0.3 (±30%).")]
    public double? From { get; set; }

    [Description("The tightest band of a range: a fraction (0.1) or \"bound\" (default): down to the proven lower bound, then the bound itself.")]
    public JsonNode? To { get; set; }

    [Description("The step of a range (default 0.05).")]
    public double? Step { get; set; }

    [Description("Also prove, for each band solved, the floor under its inertia: no plan meeting the band, contiguous or not, has less (inertia_floor_km2; 20–60 s a band on all England). Default false.")]
    public bool? Floors { get; set; }
}
