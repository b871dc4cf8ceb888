using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Input;

/// <summary>Maps a sweep's JSON (bands as a list or a string, to as a number or "bound") onto the Core <see cref="SweepBands"/>.</summary>
public static class SweepMapping
{
    /// <summary>The bands <paramref name="o"/> states; throws <see cref="InputException"/> listing every problem.</summary>
    public static SweepBands From(SweepOptions? o)
    {
        var problems = new List<InputProblem>();
        if (o is null) throw new InputException("body", "sweep", null, "A sweep needs its bands: {\"sweep\": {\"bands\": [0.3, 0.25, 0.2]}} or {\"sweep\": {\"from\": 0.3, \"to\": \"bound\", \"step\": 0.05}}.");
        string? bands = o.Bands switch
        {
            null => null,
            JsonArray a => string.Join(",", a.Select(Text)),
            JsonValue v => Text(v),
            _ => Bad(problems, "sweep.bands", o.Bands, "Give the bands as a list of fractions, e.g. [0.3, 0.25, 0.2]."),
        };
        string? to = o.To switch
        {
            null => null,
            JsonValue v => Text(v),
            _ => Bad(problems, "sweep.to", o.To, "Give to as a fraction (0.1) or \"bound\"."),
        };
        var spec = SweepBands.Parse(bands, o.From, to, o.Step, problems) with { Floors = o.Floors ?? false };
        problems.AddRange(spec.Validate());
        if (problems.Count > 0) throw new InputException(problems);
        return spec;
    }

    /// <summary>The sweep as stored with a job and read back when it runs.</summary>
    public static string ToJson(SweepBands spec) => new JsonObject
    {
        ["bands"] = spec.Bands is null ? null : new JsonArray(spec.Bands.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
        ["from"] = spec.From,
        ["to"] = spec.To is { } t ? JsonValue.Create(t) : spec.From is null ? null : JsonValue.Create("bound"),
        ["step"] = spec.From is null ? null : spec.Step,
        ["floors"] = spec.Floors,
    }.ToJsonString();

    /// <summary>Reads a stored sweep back.</summary>
    public static SweepBands Parse(string json)
    {
        var stored = RequestReader.Deserialize<SweepOptions>(JsonNode.Parse(json)!, "stored sweep");
        // Sweeps stored before a list of bands refused a step carry the default step beside their list.
        if (stored.Bands is not null) stored.Step = null;
        return From(stored);
    }

    private static string Text(JsonNode? n) => n switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => n?.ToJsonString() ?? "",
    };

    private static string? Bad(List<InputProblem> problems, string field, JsonNode node, string message)
    {
        problems.Add(new InputProblem("options", field, node.ToJsonString(), message));
        return null;
    }
}
