using System.Text.Json;
using System.Text.Json.Nodes;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Core.GeoJson;

/// <summary>Writes the plan report: parameters, rules, study area, summary, every consortium's metrics, fair share and
/// overspend risk, warnings and bridges.</summary>
public static class PlanReport
{
    /// <summary>
    /// Writes the report as JSON: <paramref name="parameters"/> echoes the request as given; <paramref name="extra"/>
    /// adds further sections (e.g. the solver's statistics) as named top-level members. Every report carries the consortia's
    /// fair shares ("fair_share") and overspend risk under the default model ("overspend_risk") unless
    /// <paramref name="extra"/> gives those sections itself (e.g. with the user's risk parameters).
    /// </summary>
    public static void Write(Stream stream, Evaluation evaluation, PracticeGeography geography, JsonObject parameters, IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var s = evaluation.Summary;
        w.WriteStartObject();
        w.WriteString("generator", "Partitioner");
        w.WritePropertyName("parameters");
        parameters.WriteTo(w);
        w.WriteStartObject("rules");
        var r = evaluation.Rules;
        w.WriteNumber("min_patients", r.MinPatients);
        w.WriteNumber("max_patients", r.MaxPatients);
        if (r.Deprivation is { } d) w.WriteString("deprivation_tolerance", d.ToString());
        if (r.Spend is { } sp) w.WriteString("spend_tolerance", sp.ToString());
        if (r.MinDeprivedShare is { } sh) w.WriteNumber("min_deprived_share", sh);
        if (r.MinCount is { } cmin) w.WriteNumber("count_min", cmin);
        if (r.MaxCount is { } cmax) w.WriteNumber("count_max", cmax);
        if (r.TargetSize is { } target) w.WriteNumber("target_size", target);
        w.WriteString("count_preference", r.CountPreference switch { CountPreference.Fewest => "fewest", CountPreference.Most => "most", CountPreference.NearestTarget => "nearest_target", _ => "none" });
        w.WriteStartObject("objective_weights");
        w.WriteNumber("compactness", 1);
        w.WriteNumber("spread", r.SpreadWeight);
        w.WriteNumber("disruption", r.DisruptionWeight);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("area");
        w.WriteNumber("practices", s.Practices);
        w.WriteNumber("sites", geography.SiteCount);
        w.WriteNumber("neighbour_pairs", geography.SiteGraph.EdgeCount);
        w.WriteNumber("parts_before_bridging", geography.PartsBeforeBridging);
        w.WriteNumber("patients", (long)Math.Round(s.Patients));
        JsonValues.WriteReal(w, "deprivation", s.AreaDeprivation, 3);
        JsonValues.WriteReal(w, "deprivation_median", evaluation.Area.DeprivationMedian, 3);
        JsonValues.WriteReal(w, "spend_per_patient", s.AreaSpendPerPatient, 2);
        w.WriteEndObject();

        w.WriteStartObject("summary");
        w.WriteNumber("consortia", s.Consortia);
        w.WriteBoolean("meets_all_rules", s.MeetsAllRules);
        w.WriteNumber("within_population_bounds", s.WithinPopulationBounds);
        JsonValues.WriteReal(w, "smallest_patients", s.SmallestPatients, 0);
        JsonValues.WriteReal(w, "largest_patients", s.LargestPatients, 0);
        JsonValues.WriteReal(w, "lowest_deprivation", s.LowestDeprivation, 3);
        JsonValues.WriteReal(w, "highest_deprivation", s.HighestDeprivation, 3);
        JsonValues.WriteReal(w, "worst_deprivation_dev", s.WorstDeprivationDeviation, 3);
        JsonValues.WriteReal(w, "worst_deprivation_dev_pct", s.WorstDeprivationDeviationRelative * 100, 2);
        JsonValues.WriteReal(w, "lowest_spend_per_patient", s.LowestSpendPerPatient, 2);
        JsonValues.WriteReal(w, "highest_spend_per_patient", s.HighestSpendPerPatient, 2);
        JsonValues.WriteReal(w, "worst_spend_dev_pct", s.WorstSpendDeviationRelative * 100, 2);
        JsonValues.WriteReal(w, "total_inertia_km2", s.TotalInertiaKm2, 1);
        w.WriteStartObject("breaking");
        foreach (var (rule, count) in s.Breaking) w.WriteNumber(RuleName(rule), count);
        w.WriteEndObject();
        if (s.Coterminosity is { } cot) CoterminosityReport.WriteSummary(w, cot);
        w.WriteEndObject();
        if (s.Coterminosity is { } councils) CoterminosityReport.WriteCouncils(w, councils);

        if (extra is not null)
            foreach (var (name, node) in extra)
            {
                w.WritePropertyName(name);
                if (node is null) w.WriteNullValue(); else node.WriteTo(w);
            }
        var plan = evaluation.Plan;
        if (extra is null || !extra.ContainsKey("fair_share"))
        {
            w.WritePropertyName("fair_share");
            Levels.LevelsReport.FairShareSection(Levels.FairShare.Of(geography.Practices, plan.ConsortiumOf, plan.ConsortiumNames)).WriteTo(w);
        }
        if (extra is null || !extra.ContainsKey("overspend_risk"))
        {
            var model = new Levels.RiskModel();
            w.WritePropertyName("overspend_risk");
            Levels.LevelsReport.RiskSection(model, Levels.OverspendRisk.Of(geography.Practices, plan.ConsortiumOf, plan.ConsortiumNames, model)).WriteTo(w);
        }

        w.WriteStartArray("consortia");
        foreach (var m in evaluation.Consortia)
        {
            w.WriteStartObject();
            PlanLayers.WriteConsortiumProperties(w, m);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("bridges");
        foreach (var b in geography.Bridges)
        {
            w.WriteStartObject();
            w.WriteString("from_practice", b.FromPractice);
            w.WriteString("to_practice", b.ToPractice);
            JsonValues.WriteReal(w, "distance_km", b.DistanceMetres / 1000, 3);
            w.WriteNumber("island_practices", b.IslandPractices);
            w.WriteNumber("island_patients", (long)Math.Round(b.IslandPatients));
            w.WriteString("message", b.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("warnings");
        foreach (var warning in geography.Practices.Warnings.Concat(geography.Warnings)) w.WriteStringValue(warning.ToString());
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>The snake_case name of a rule in reports.</summary>
    public static string RuleName(Rule rule) => RuleNames.Of(rule);
}
