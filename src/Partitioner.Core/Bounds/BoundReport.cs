using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Bounds;

/// <summary>
/// The report's "bounds" section: for deprivation and spend, the proven lower bound on the tightest band (in % of the
/// area mean), the practices and cluster that force it with their areas, the band the request asks for and whether the
/// bound proves it impossible, and, when there is a plan, how far the plan's worst consortium is from the bound.
/// </summary>
public static class BoundReport
{
    /// <summary>The section; <paramref name="codes"/> and <paramref name="names"/> per practice, <paramref name="plan"/> when a plan was made.</summary>
    public static JsonObject Section(BandBounds bounds, ConsortiumRules rules, IReadOnlyList<string> codes, Func<int, string?> names, PlanSummary? plan)
    {
        return new JsonObject
        {
            ["method"] = "each practice with the fill of the practices it can reach within the maximum (node-weighted paths), and clusters of practices competing for the same counterweights",
            ["min_patients"] = bounds.MinPatients,
            ["max_patients"] = bounds.MaxPatients,
            ["seconds"] = Math.Round(bounds.Elapsed.TotalSeconds, 3),
            ["band_pct"] = Pct(bounds.Band),
            ["deprivation"] = Attribute(bounds.Deprivation, rules.Deprivation, codes, names, plan?.WorstDeprivationDeviationRelative),
            ["spend"] = Attribute(bounds.Spend, rules.Spend, codes, names, plan?.WorstSpendDeviationRelative),
        };
    }

    private static JsonObject? Attribute(BandBound? b, BalanceTolerance? rule, IReadOnlyList<string> codes, Func<int, string?> names, double? planWorst)
    {
        if (b is null) return null;
        var practices = new JsonArray();
        foreach (var w in b.Worst)
            practices.Add(new JsonObject
            {
                ["practice_code"] = codes[w.Practice],
                ["name"] = names(w.Practice),
                ["bound_pct"] = Pct(w.Band),
                ["closest_mean"] = Round(w.ClosestMean, 3),
                ["reachable_practices"] = w.ReachablePractices,
                ["reachable_patients"] = Math.Round(w.ReachablePatients),
            });
        JsonObject? region = b.Region is not { } r ? null : new JsonObject
        {
            ["bound_pct"] = Pct(r.Band),
            ["practices"] = r.Practices.Count,
            ["patients"] = Math.Round(r.Patients),
            ["mean"] = Round(r.Mean, 3),
            ["sample_practice_codes"] = new JsonArray(r.Practices.Take(10).Select(i => (JsonNode?)JsonValue.Create(codes[i])).ToArray()),
            ["reachable_practices"] = r.ReachablePractices,
            ["reachable_patients"] = Math.Round(r.ReachablePatients),
        };
        double? requested = rule is null ? null : rule.AllowedDeviation(b.AreaMean) / b.Scale;
        var o = new JsonObject
        {
            ["bound_pct"] = Pct(b.Band),
            ["bound"] = Round(b.Deviation, 4),
            ["area_mean"] = Round(b.AreaMean, 4),
            ["forced_by"] = b.Band <= 0 ? null : b.ForcedByRegion ? "region" : "practice",
            ["practices_bounded"] = b.PracticesBounded,
            ["practices"] = practices,
            ["region"] = region,
            ["requested_pct"] = requested is { } q ? Pct(q) : null,
            ["proves_requested_impossible"] = requested is { } t ? b.Deviation > (t * b.Scale) + (BoundFindings.Margin * b.Scale) : null,
        };
        if (planWorst is { } worst && double.IsFinite(worst))
        {
            o["plan_worst_pct"] = Pct(worst);
            o["plan_gap_pp"] = Math.Round((worst - b.Band) * 100, 2);
        }
        return o;
    }

    private static double Pct(double fraction) => Math.Round(fraction * 100, 2);

    private static double? Round(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits) : null;
}
