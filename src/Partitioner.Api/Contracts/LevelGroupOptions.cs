using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>The rules of a level above the consortia (federations, support agencies).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LevelGroupOptions
{
    [Description("Smallest group, in patients (federations: default 500000; agencies: 1000000).")]
    public double? Min { get; set; }

    [Description("Largest group, in patients (federations: default 2000000; agencies: 6000000).")]
    public double? Max { get; set; }

    [Description("Most groups allowed (e.g. 100 federations across England).")]
    public int? CountMax { get; set; }

    [Description("Count preference: none, fewest or most.")]
    public string? CountPreference { get; set; }

    [Description("Balance tolerances of the groups, in any form options.balance accepts (default: the consortia's).")]
    public JsonNode? Balance { get; set; }

    [Description("Consortia pinned to named groups: {\"C012\": \"Tees\"}.")]
    public Dictionary<string, string>? Locks { get; set; }
}
