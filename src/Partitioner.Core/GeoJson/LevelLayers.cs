using System.Text.Json.Nodes;
using Partitioner.Core.Geography;
using Partitioner.Core.Levels;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Writes a nested plan: one GeoJSON layer per level (consortia.geojson, federations.geojson, agencies.geojson), each
/// unit carrying the names of the units above it, its member count, overspend risk and fair share; the practices layer
/// with every level's name; and the report, whose "levels" section lists every level.
/// </summary>
public static class LevelLayers
{
    /// <summary>The file name of a level's layer ("federations.geojson").</summary>
    public static string FileName(LevelKind kind) => LevelRules.Name(kind).Many + ".geojson";

    /// <summary>Writes every layer and report.json into <paramref name="directory"/>.</summary>
    public static void Write(string directory, PracticeGeography geography, PlanLevels levels, RiskModel model, JsonObject parameters,
        IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        Directory.CreateDirectory(directory);
        for (int li = 0; li < levels.Levels.Count; li++)
        {
            using var f = File.Create(Path.Combine(directory, FileName(levels.Levels[li].Kind)));
            WriteLayer(f, geography, levels, li, model);
        }
        using (var f = File.Create(Path.Combine(directory, "practices.geojson"))) WritePractices(f, geography, levels);
        using (var f = File.Create(Path.Combine(directory, "report.json"))) WriteReport(f, geography, levels, model, parameters, extra);
    }

    /// <summary>Writes level <paramref name="li"/>'s layer.</summary>
    public static void WriteLayer(Stream stream, PracticeGeography geography, PlanLevels levels, int li, RiskModel model)
    {
        var level = levels.Levels[li];
        var practices = geography.Practices;
        var risks = OverspendRisk.Of(practices, level.Plan.ConsortiumOf, level.Plan.ConsortiumNames, model);
        var fair = FairShare.Of(practices, level.Plan.ConsortiumOf, level.Plan.ConsortiumNames);
        PlanLayers.WriteConsortia(stream, level.Evaluation, u => LevelsReport.UnitProperties(levels, li, u, risks, fair, model), level.Name.Many);
    }

    /// <summary>Writes the practices layer with the unit of every level above the consortium (e.g. federation, agency).</summary>
    public static void WritePractices(Stream stream, PracticeGeography geography, PlanLevels levels)
    {
        int consortium = 0;
        for (int li = 0; li < levels.Levels.Count; li++) if (levels.Levels[li].Kind == LevelKind.Consortium) consortium = li;
        var plan = levels.Levels[consortium].Plan;
        PlanLayers.WritePractices(stream, geography, plan, i =>
        {
            var list = new List<KeyValuePair<string, object?>>();
            for (int li = 0; li < levels.Levels.Count; li++)
            {
                if (li == consortium) continue;
                var other = levels.Levels[li];
                list.Add(new(other.Name.One, other.Plan.ConsortiumNames[other.Plan.ConsortiumOf[i]]));
            }
            return list;
        });
    }

    /// <summary>Writes the report of the consortium level, with the "levels", "overspend_risk" and "fair_share" sections.</summary>
    public static void WriteReport(Stream stream, PracticeGeography geography, PlanLevels levels, RiskModel model, JsonObject parameters,
        IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        var consortia = levels.Find(LevelKind.Consortium) ?? levels.Levels[0];
        var sections = extra is null ? new Dictionary<string, JsonNode?>() : new Dictionary<string, JsonNode?>(extra);
        var plan = consortia.Plan;
        sections["overspend_risk"] = LevelsReport.RiskSection(model, OverspendRisk.Of(geography.Practices, plan.ConsortiumOf, plan.ConsortiumNames, model));
        sections["levels"] = LevelsReport.LevelsSection(levels, geography.Practices, model);
        PlanReport.Write(stream, consortia.Evaluation, geography, parameters, sections);
    }
}
