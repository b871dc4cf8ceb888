using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Levels;

/// <summary>The report sections of the level figures: fair share, overspend risk and the nested levels.</summary>
public static class LevelsReport
{
    /// <summary>"1%" for 0.01, "1.5%" for 0.015: how reports label a reserve.</summary>
    public static string ReserveLabel(double reserve) => (reserve * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>"overspend_risk_1pct" for 0.01, "overspend_risk_1_5pct" for 0.015: a layer's property name for a reserve.</summary>
    public static string RiskProperty(double reserve) =>
        "overspend_risk_" + (reserve * 100).ToString("0.###", CultureInfo.InvariantCulture).Replace('.', '_') + "pct";

    /// <summary>The "fair_share" section: basis, area totals and each unit's distance from target.</summary>
    public static JsonObject FairShareSection(FairShareFigures f, string unitsName = "consortia")
    {
        var units = new JsonArray();
        foreach (var u in f.Units)
            units.Add(new JsonObject
            {
                ["name"] = u.Name,
                ["patients"] = Round(u.Patients, 0),
                ["weighted_patients"] = Round(u.WeightedPatients, 0),
                ["spend"] = Round(u.Spend, 0),
                ["fair_share"] = Round(u.Target, 0),
                ["distance_pct"] = Round(u.DistancePercent, 2),
                ["distance_per_head"] = Round(u.DistancePerHead, 2),
            });
        return new JsonObject
        {
            ["basis"] = f.Basis,
            ["area_spend"] = Round(f.AreaSpend, 0),
            ["area_need"] = Round(f.AreaBasis, 0),
            ["spend_per_need_unit"] = Round(f.SpendPerBasis, 4),
            ["filled_weights"] = f.FilledWeights,
            ["meaning"] = "fair_share = area spend x the unit's share of the need basis; distance_pct = (spend - fair_share) / fair_share x 100 and distance_per_head = (spend - fair_share) / registered patients, as NHS allocations report distance from target (positive = above target).",
            [unitsName] = units,
        };
    }

    /// <summary>The model's parameters and formula, as reports state them.</summary>
    public static JsonObject ModelSection(RiskModel model) => new()
    {
        ["per_patient_cv"] = model.PerPatientCv,
        ["practice_sd"] = model.PracticeSd,
        ["reserves"] = new JsonArray(model.Reserves.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        ["formula"] = "P(spend > budget x (1 + reserve)) = Q(reserve / sd), sd = sqrt(cv^2 / N + practice_sd^2 x sum(N_j^2) / N^2), N patients, N_j the practices' list sizes, Q the standard normal upper tail",
    };

    /// <summary>The "overspend_risk" section of one level: the model and each unit's risk per reserve.</summary>
    public static JsonObject RiskSection(RiskModel model, IReadOnlyList<UnitRisk> risks, string unitsName = "consortia")
    {
        var units = new JsonArray();
        foreach (var r in risks)
        {
            var entry = new JsonObject { ["name"] = r.Name, ["patients"] = Round(r.Patients, 0) };
            foreach (var (key, value) in RiskEntry(model, r)) entry[key] = value?.DeepClone();
            units.Add(entry);
        }
        var section = new JsonObject { ["model"] = ModelSection(model), ["patient_weighted_mean_pct"] = MeanRisk(model, risks) };
        section[unitsName] = units;
        return section;
    }

    /// <summary>The "levels" section: every level of a nested plan with its units, their parents and members, risk
    /// (and the reduction pooling gives against the members on their own) and fair share.</summary>
    public static JsonArray LevelsSection(PlanLevels levels, PracticeSet practices, RiskModel model)
    {
        var array = new JsonArray();
        IReadOnlyList<UnitRisk>? below = null;
        for (int li = 0; li < levels.Levels.Count; li++)
        {
            var level = levels.Levels[li];
            var plan = level.Plan;
            var risks = OverspendRisk.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames, model);
            var fair = FairShare.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames);
            var up = li + 1 < levels.Levels.Count ? levels.Levels[li + 1] : null;
            var nestingUp = li < levels.Nesting.Count ? levels.Nesting[li] : null;
            var nestingDown = li > 0 ? levels.Nesting[li - 1] : null;
            var units = new JsonArray();
            for (int u = 0; u < plan.Count; u++)
            {
                var m = level.Evaluation.Consortia[u];
                var entry = new JsonObject
                {
                    ["name"] = m.Name,
                    ["practices"] = m.Practices,
                    ["patients"] = Round(m.Patients, 0),
                    ["deprivation_dev_pct"] = Round(m.DeprivationDeviationRelative * 100, 2),
                    ["spend_dev_pct"] = Round(m.SpendDeviationRelative * 100, 2),
                    ["contiguous"] = m.Pieces <= 1,
                    ["rules_broken"] = m.Violations.Count,
                    ["violations"] = string.Join("; ", m.Violations.Select(v => v.Message)),
                    ["fair_share_distance_pct"] = Round(fair.Units[u].DistancePercent, 2),
                    ["fair_share_distance_per_head"] = Round(fair.Units[u].DistancePerHead, 2),
                    ["overspend_risk"] = RiskEntry(model, risks[u]),
                };
                if (up is not null && nestingUp is not null)
                    entry[up.Name.One] = nestingUp.ParentOf[u] >= 0 ? up.Plan.ConsortiumNames[nestingUp.ParentOf[u]] : null;
                if (nestingDown is not null && below is not null)
                {
                    var lower = levels.Levels[li - 1];
                    var members = new JsonArray();
                    var memberRisk = new double[model.Reserves.Count];
                    double memberPatients = 0;
                    for (int c = 0; c < lower.Plan.Count; c++)
                    {
                        if (nestingDown.ParentOf[c] != u) continue;
                        members.Add(lower.Plan.ConsortiumNames[c]);
                        memberPatients += below[c].Patients;
                        for (int r = 0; r < memberRisk.Length; r++) memberRisk[r] += below[c].Patients * below[c].Probabilities[r];
                    }
                    entry[lower.Name.Many] = members;
                    var pooling = new JsonObject();
                    for (int r = 0; r < memberRisk.Length; r++)
                    {
                        double alone = memberPatients > 0 ? memberRisk[r] / memberPatients : double.NaN;
                        pooling[ReserveLabel(model.Reserves[r])] = new JsonObject
                        {
                            ["members_alone_pct"] = Round(alone * 100, 3),
                            ["pooled_pct"] = Round(risks[u].Probabilities[r] * 100, 3),
                            ["reduction_pct_points"] = Round((alone - risks[u].Probabilities[r]) * 100, 3),
                        };
                    }
                    entry["risk_pooling"] = pooling;
                }
                units.Add(entry);
            }
            var s = level.Evaluation.Summary;
            var rules = level.Evaluation.Rules;
            var node = new JsonObject
            {
                ["level"] = level.Name.One,
                ["source"] = level.Source ?? "plan",
                ["count"] = plan.Count,
                ["min_patients"] = rules.MinPatients,
                ["max_patients"] = rules.MaxPatients,
                ["meets_all_rules"] = s.MeetsAllRules,
                ["smallest_patients"] = Round(s.SmallestPatients, 0),
                ["largest_patients"] = Round(s.LargestPatients, 0),
                ["within_population_bounds"] = s.WithinPopulationBounds,
                ["contiguous"] = level.Evaluation.Consortia.Count(m => m.Pieces <= 1),
                ["worst_deprivation_dev_pct"] = Round(s.WorstDeprivationDeviationRelative * 100, 2),
                ["worst_spend_dev_pct"] = Round(s.WorstSpendDeviationRelative * 100, 2),
                ["overspend_risk_patient_weighted_mean_pct"] = MeanRisk(model, risks),
                ["units"] = units,
            };
            if (nestingUp is not null)
                node["not_nested"] = new JsonArray(nestingUp.SplitUnits.Select(u => (JsonNode?)JsonValue.Create(plan.ConsortiumNames[u])).ToArray());
            if (level.Result is { } result)
                node["solver"] = SolverSummary(result);
            array.Add(node);
            below = risks;
        }
        foreach (var (kind, result) in levels.Unsolved)
            array.Add(new JsonObject
            {
                ["level"] = LevelRules.Name(kind).One,
                ["source"] = "unsolved",
                ["count"] = 0,
                ["solver"] = SolverSummary(result),
            });
        return array;
    }

    /// <summary>The extra properties of unit <paramref name="u"/> of level <paramref name="li"/> in its layer.</summary>
    public static List<KeyValuePair<string, object?>> UnitProperties(PlanLevels levels, int li, int u, IReadOnlyList<UnitRisk> risks, FairShareFigures fair, RiskModel model)
    {
        var list = new List<KeyValuePair<string, object?>>();
        if (li > 0)
        {
            int members = 0;
            foreach (int p in levels.Nesting[li - 1].ParentOf) if (p == u) members++;
            list.Add(new(levels.Levels[li - 1].Name.Many, members));
        }
        for (int up = li + 1; up < levels.Levels.Count; up++)
            list.Add(new(levels.Levels[up].Name.One, ParentName(levels, li, u, up)));
        for (int r = 0; r < model.Reserves.Count; r++) list.Add(new(RiskProperty(model.Reserves[r]), Round(risks[u].Probabilities[r] * 100, 3)?.GetValue<double>()));
        list.Add(new("fair_share_distance_pct", Round(fair.Units[u].DistancePercent, 2)?.GetValue<double>()));
        list.Add(new("fair_share_distance_per_head", Round(fair.Units[u].DistancePerHead, 2)?.GetValue<double>()));
        return list;
    }

    /// <summary>The name of the level-<paramref name="up"/> unit that unit <paramref name="u"/> of level <paramref name="li"/> sits in.</summary>
    public static string? ParentName(PlanLevels levels, int li, int u, int up)
    {
        int at = u;
        for (int l = li; l < up && at >= 0; l++) at = levels.Nesting[l].ParentOf[at];
        return at >= 0 ? levels.Levels[up].Plan.ConsortiumNames[at] : null;
    }

    /// <summary>How the solver grouped a level: status, why it stopped, time, and its issues in words.</summary>
    private static JsonObject SolverSummary(SolveResult result) => new()
    {
        ["status"] = result.Status.ToString(),
        ["termination"] = result.Termination.ToString(),
        ["elapsed_seconds"] = Math.Round(result.Statistics.Elapsed.TotalSeconds, 3),
        ["issues"] = new JsonArray(result.Issues.Select(i => (JsonNode?)JsonValue.Create((i.Proven ? "cannot be met: " : "not met: ") + i.Message)).ToArray()),
    };

    private static JsonObject RiskEntry(RiskModel model, UnitRisk r)
    {
        var o = new JsonObject { ["relative_sd_pct"] = Round(r.RelativeSd * 100, 3) };
        for (int i = 0; i < model.Reserves.Count; i++) o[ReserveLabel(model.Reserves[i])] = Round(r.Probabilities[i] * 100, 3);
        return o;
    }

    private static JsonObject MeanRisk(RiskModel model, IReadOnlyList<UnitRisk> risks)
    {
        var o = new JsonObject();
        for (int i = 0; i < model.Reserves.Count; i++)
        {
            double sum = 0, patients = 0;
            foreach (var r in risks) { sum += r.Patients * r.Probabilities[i]; patients += r.Patients; }
            o[ReserveLabel(model.Reserves[i])] = Round(patients > 0 ? 100 * sum / patients : double.NaN, 3);
        }
        return o;
    }

    private static JsonValue? Round(double v, int decimals) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, decimals)) : null;
}
