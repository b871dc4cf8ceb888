using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Levels;

/// <summary>The report sections of a transition, a moves budget, a mosaic and the overspend-risk rule.</summary>
public static class StructureSections
{
    /// <summary>The "transition" section: moves from the current map, and each consortium's path to fair share.</summary>
    public static JsonObject Transition(TransitionReport t, string groupField)
    {
        var consortia = new JsonArray();
        foreach (var u in t.Consortia)
            consortia.Add(new JsonObject
            {
                ["name"] = u.Name,
                ["practices"] = u.Practices,
                ["patients"] = Round(u.Patients, 0),
                ["practices_moved_in"] = u.PracticesMovedIn,
                ["patients_moved_in"] = Round(u.PatientsMovedIn, 0),
                ["former_groups"] = new JsonArray(u.FormerGroups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
                ["historic_spend"] = Round(u.FairShare.Spend, 0),
                ["fair_share"] = Round(u.FairShare.Target, 0),
                ["distance_pct"] = Round(u.FairShare.DistancePercent, 2),
                ["distance_per_head"] = Round(u.FairShare.DistancePerHead, 2),
                ["years_to_fair_share"] = u.YearsToFairShare,
                ["budget_path"] = new JsonArray(u.Path.Select(b => (JsonNode?)Round(b, 0)).ToArray()),
                ["distance_path_pct"] = new JsonArray(u.Path.Select(b => (JsonNode?)Round(100 * (b - u.FairShare.Target) / u.FairShare.Target, 2)).ToArray()),
            });
        var groups = new JsonArray();
        foreach (var g in t.FormerGroups)
            groups.Add(new JsonObject
            {
                ["name"] = g.Name,
                ["practices"] = g.Practices,
                ["patients"] = Round(g.Patients, 0),
                ["successor"] = g.Successor,
                ["practices_moved_out"] = g.PracticesMovedOut,
                ["patients_moved_out"] = Round(g.PatientsMovedOut, 0),
            });
        int? longest = null;
        int reached = 0;
        foreach (var u in t.Consortia)
            if (u.YearsToFairShare is { } y) { reached++; longest = Math.Max(longest ?? 0, y); }
        return new JsonObject
        {
            ["current_map"] = groupField,
            ["pace_cap_pct"] = t.Options.PaceCap * 100,
            ["practices_moved"] = t.PracticesMoved,
            ["patients_moved"] = Round(t.PatientsMoved, 0),
            ["patients_moved_pct"] = Round(100 * t.PatientsMoved / t.TotalPatients, 2),
            ["consortia_reaching_fair_share"] = reached,
            ["years_until_all_at_fair_share"] = reached == t.Consortia.Count ? longest : null,
            ["meaning"] = "A practice moves when its consortium is not the one holding most of its former group's patients (the group's successor), so whole groups merging move nobody. Each budget starts at the historic spend and moves towards the fair share (need-weighted) by at most the pace cap of the budget a year.",
            ["consortia"] = consortia,
            ["former_groups"] = groups,
        };
    }

    /// <summary>The "moves_budget" section: the budget, what was used, and how close the plan gets to the rules compared
    /// with the current map.</summary>
    public static JsonObject MovesBudget(MovesBudget budget, MovesBudgetResult result, Evaluation before, Evaluation after)
    {
        return new JsonObject
        {
            ["max_practices"] = budget.Practices,
            ["max_patients"] = budget.Patients,
            ["practices_moved"] = result.PracticesMoved,
            ["patients_moved"] = Round(result.PatientsMoved, 0),
            ["moves_made"] = result.Moves,
            ["violation_before"] = Round(result.ViolationBefore, 6),
            ["violation_after"] = Round(result.ViolationAfter, 6),
            ["violation_reduction_pct"] = result.ViolationBefore > 0 ? Round(100 * (1 - result.ViolationAfter / result.ViolationBefore), 2) : null,
            ["current_map"] = Standing(before),
            ["plan"] = Standing(after),
            ["meaning"] = "Starting from the current map, each step moves the boundary practice that most lowers the total violation (population shortfall or excess relative to the bound, plus balance excess relative to the area mean), within the budget; consortia keep their names.",
        };
    }

    /// <summary>The "mosaic" section: where contiguity was relaxed, how much, and each consortium's use of it.</summary>
    public static JsonObject Mosaic(MosaicLinks links, IReadOnlyList<MosaicUnit> units)
    {
        var array = new JsonArray();
        foreach (var u in units)
            array.Add(new JsonObject
            {
                ["name"] = u.Name,
                ["mosaic_practices"] = u.MosaicPractices,
                ["geographic_pieces"] = u.GeographicPieces,
                ["largest_nearest_km"] = Round(u.LargestNearestKm, 3),
                ["stranded_practices"] = u.Stranded,
            });
        return new JsonObject
        {
            ["distance_km"] = links.Options.DistanceKm,
            ["min_density_per_km2"] = links.Options.MinDensity,
            ["area_given"] = links.Options.Area is not null,
            ["mosaic_practices"] = links.MosaicPractices,
            ["added_links"] = links.AddedLinks,
            ["consortia_in_several_pieces"] = units.Count(u => u.GeographicPieces > 1),
            ["meaning"] = "Inside the mosaic area two practices within distance_km count as neighbours, so a consortium may be in several geographic pieces there; each of its mosaic practices is within distance_km of another of its practices or shares a cell border with one.",
            ["consortia"] = array,
        };
    }

    /// <summary>The "overspend_risk_rule" section: the limit, the reserve, and the population floor it sets.</summary>
    public static JsonObject RiskRule(double maxProbability, double reserve, double floor, double minimumGiven, RiskModel model) => new()
    {
        ["max_overspend_risk"] = maxProbability,
        ["reserve"] = reserve,
        ["population_floor"] = Math.Ceiling(floor),
        ["min_patients_given"] = minimumGiven,
        ["min_patients_used"] = Math.Max(minimumGiven, Math.Ceiling(floor)),
        ["model"] = LevelsReport.ModelSection(model),
        ["meaning"] = "A consortium's probability of overspending by more than the reserve falls with its size; the rule is enforced as the population floor (cv^2 + practice_sd^2 x largest practice) x (z / reserve)^2, z the standard normal quantile of the limit (exact without a practice shock, conservative with one).",
    };

    private static JsonObject Standing(Evaluation e)
    {
        var s = e.Summary;
        var breaking = new JsonObject();
        foreach (var (rule, count) in s.Breaking) breaking[RuleNames.Of(rule)] = count;
        return new JsonObject
        {
            ["consortia"] = s.Consortia,
            ["meets_all_rules"] = s.MeetsAllRules,
            ["consortia_meeting_every_rule"] = e.Consortia.Count(m => m.Violations.Count == 0),
            ["worst_deprivation_dev_pct"] = Round(s.WorstDeprivationDeviationRelative * 100, 2),
            ["worst_spend_dev_pct"] = Round(s.WorstSpendDeviationRelative * 100, 2),
            ["smallest_patients"] = Round(s.SmallestPatients, 0),
            ["largest_patients"] = Round(s.LargestPatients, 0),
            ["breaking"] = breaking,
        };
    }

    private static JsonValue? Round(double v, int decimals) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, decimals)) : null;
}
