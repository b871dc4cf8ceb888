using System.Text.Json.Nodes;
using Partitioner.Core.Solving;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A job's progress as JSON (the "progress" of GET /v1/jobs/{id}): one solve's figures, or the figures of a job's
/// work items combined (steps and restarts added up, the best score and violation of any, the items done).
/// </summary>
public static class ProgressJson
{
    public static JsonObject Of(SolveProgress p, string phase) => new()
    {
        ["phase"] = phase,
        ["elapsed_seconds"] = Math.Round(p.Elapsed.TotalSeconds, 3),
        ["steps"] = p.Steps,
        ["restarts_completed"] = p.RestartsCompleted,
        ["best_score"] = double.IsFinite(p.BestScore) ? Math.Round(p.BestScore, 6) : null,
        ["best_violation"] = double.IsFinite(p.BestViolation) ? Math.Round(p.BestViolation, 6) : null,
        ["feasible_found"] = p.FeasibleFound,
    };

    /// <summary>
    /// The progress of a job of <paramref name="items"/> work items from the progress of those that reported (null
    /// entries have not), <paramref name="done"/> of them finished. One item's progress is returned as it is.
    /// </summary>
    public static JsonObject Combine(IReadOnlyList<JsonObject?> reports, int items, int done, string phase, double elapsedSeconds)
    {
        if (items == 1 && reports.Count == 1 && reports[0] is { } single) return (JsonObject)single.DeepClone();
        long steps = 0;
        int restarts = 0;
        double? score = null, violation = null;
        bool feasible = false;
        long? plans = null, wanted = null;
        foreach (var r in reports)
        {
            if (r is null) continue;
            if (Whole(r["plans_recorded"]) is { } p) plans = (plans ?? 0) + p;
            if (Whole(r["plans_wanted"]) is { } w) wanted = (wanted ?? 0) + w;
            steps += r["steps"]?.GetValue<long>() ?? 0;
            restarts += r["restarts_completed"]?.GetValue<int>() ?? 0;
            feasible |= r["feasible_found"]?.GetValue<bool>() ?? false;
            if (r["best_violation"]?.GetValue<double>() is { } v && (violation is null || v < violation)) violation = v;
            if (r["best_score"]?.GetValue<double>() is { } s && (score is null || s < score)) score = s;
        }
        var combined = new JsonObject
        {
            ["phase"] = phase,
            ["elapsed_seconds"] = Math.Round(elapsedSeconds, 3),
            ["steps"] = steps,
            ["restarts_completed"] = restarts,
            ["best_score"] = score,
            ["best_violation"] = violation,
            ["feasible_found"] = feasible,
            ["items"] = items,
            ["items_done"] = done,
        };
        // An ensemble's chains report the plans they recorded and want (the chains that have reported).
        if (plans is not null) combined["plans_recorded"] = plans;
        if (wanted is not null) combined["plans_wanted"] = wanted;
        return combined;
    }

    // A whole number whether the node was parsed or built from an int or a long.
    private static long? Whole(JsonNode? n) => n is null ? null : long.Parse(n.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
}
