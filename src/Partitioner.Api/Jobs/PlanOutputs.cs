using System.Text;
using System.Text.Json.Nodes;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Plans;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>The three result documents of a plan, as UTF-8 bytes: consortia and practices layers (GeoJSON) and the report
/// (JSON); with levels, also a layer per level above the consortia (<see cref="Levels"/>: "federations", "agencies").</summary>
public sealed record PlanOutputs(byte[] Consortia, byte[] Practices, byte[] Report)
{
    /// <summary>The layers of the levels above the consortia, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Levels { get; init; } = [];

    /// <summary>The documents of a nested plan: each level's layer, the practices with every level's name, and the report.</summary>
    public static PlanOutputs Write(Study study, LevelsOutcome outcome, JsonObject parameters)
    {
        var levels = outcome.Levels ?? throw new InvalidOperationException("There is no plan to write.");
        var geography = study.Geography;
        byte[] consortia = [];
        var above = new List<KeyValuePair<string, byte[]>>();
        for (int li = 0; li < levels.Levels.Count; li++)
        {
            using var layer = new MemoryStream();
            LevelLayers.WriteLayer(layer, geography, levels, li, outcome.Risk);
            if (levels.Levels[li].Kind == Core.Levels.LevelKind.Consortium) consortia = layer.ToArray();
            else above.Add(new(levels.Levels[li].Name.Many, layer.ToArray()));
        }
        using var practices = new MemoryStream();
        LevelLayers.WritePractices(practices, geography, levels);
        using var report = new MemoryStream();
        LevelLayers.WriteReport(report, geography, levels, outcome.Risk, parameters, outcome.Sections);
        return new PlanOutputs(consortia, practices.ToArray(), report.ToArray()) { Levels = above };
    }

    /// <summary>The documents of a plan; with <paramref name="localities"/>, each practice's locality in the practices layer.</summary>
    public static PlanOutputs Write(Study study, Evaluation evaluation, JsonObject parameters, IReadOnlyDictionary<string, JsonNode?>? extra = null, Plan? localities = null)
    {
        using var consortia = new MemoryStream();
        PlanLayers.WriteConsortia(consortia, evaluation);
        using var practices = new MemoryStream();
        PlanLayers.WritePractices(practices, study.Geography, evaluation.Plan, localities is null ? null : PlanLayers.LocalityOf(localities));
        using var report = new MemoryStream();
        PlanReport.Write(report, evaluation, study.Geography, parameters, extra);
        return new PlanOutputs(consortia.ToArray(), practices.ToArray(), report.ToArray());
    }

    /// <summary>Joins already-serialised JSON documents into one object {"name": document, ...} without re-parsing them.</summary>
    public static byte[] Combine(params (string Name, byte[] Json)[] members)
    {
        using var s = new MemoryStream();
        s.WriteByte((byte)'{');
        for (int i = 0; i < members.Length; i++)
        {
            if (i > 0) s.WriteByte((byte)',');
            s.Write(Encoding.UTF8.GetBytes($"\"{members[i].Name}\":"));
            s.Write(members[i].Json);
        }
        s.WriteByte((byte)'}');
        return s.ToArray();
    }
}
