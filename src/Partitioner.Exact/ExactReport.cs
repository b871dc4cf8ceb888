using System.Text.Json.Nodes;

namespace Partitioner.Exact;

/// <summary>The "exact" section of a plan report: what the exact solver (CP-SAT) proved.</summary>
public static class ExactReport
{
    public static JsonObject Section(ExactResult result, ExactOptions options) => new()
    {
        ["status"] = result.Status switch
        {
            ExactStatus.Optimal => "optimal",
            ExactStatus.Feasible => "feasible",
            ExactStatus.Infeasible => "infeasible",
            _ => "timed_out",
        },
        ["objective_patient_km2"] = Finite(result.Objective),
        ["bound_patient_km2"] = Finite(result.Bound),
        ["gap"] = Finite(result.Gap),
        ["count_bound"] = result.CountBound,
        ["measure"] = result.Measure == CompactnessMeasure.AboutCentroid ? "inertia_about_centroid" : "inertia_about_centre_practice",
        ["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
        ["time_limit_seconds"] = options.TimeLimit.TotalSeconds,
        ["method"] = result.ByHeuristic ? "heuristic" : "exact",
        ["standalone_practices"] = new JsonArray([.. result.StandalonePractices.Select(c => (JsonNode?)JsonValue.Create(c))]),
        ["message"] = result.Message,
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
