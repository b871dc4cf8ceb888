using System.Text.Json.Nodes;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>The "solver" section of a report: status, reasons, objective and statistics.</summary>
public static class SolverReport
{
    public static JsonObject Section(SolveResult result, SolverOptions options)
    {
        var s = result.Statistics;
        var issues = new JsonArray();
        foreach (var i in result.Issues) issues.Add(Issue(i));
        var history = new JsonArray();
        foreach (var h in s.BestScoreHistory)
            history.Add(new JsonObject { ["seconds"] = Math.Round(h.Elapsed.TotalSeconds, 3), ["restart"] = h.Restart, ["objective"] = Finite(h.Objective), ["violation"] = Finite(h.Violation) });
        return new JsonObject
        {
            ["status"] = result.Status switch { SolveStatus.Feasible => "feasible", SolveStatus.BestEffort => "best_effort", _ => "infeasible" },
            ["termination"] = SnakeCase(result.Termination.ToString()),
            ["mode"] = options.Mode == SolveMode.Strict ? "strict" : "best_effort",
            ["seed"] = options.Seed,
            ["restarts"] = options.Restarts,
            ["max_steps"] = options.MaxSteps,
            ["time_limit_seconds"] = options.TimeLimit?.TotalSeconds,
            ["issues"] = issues,
            ["objective"] = new JsonObject
            {
                ["total"] = Finite(result.Objective.Total),
                ["compactness"] = Finite(result.Objective.Compactness),
                ["spread"] = Finite(result.Objective.Spread),
                ["disruption"] = Finite(result.Objective.Disruption),
                ["boundary"] = Finite(result.Objective.Boundary),
                ["border_km"] = Finite(result.Objective.BorderKm),
            },
            ["violation"] = Finite(result.Violation),
            ["statistics"] = new JsonObject
            {
                ["elapsed_seconds"] = Math.Round(s.Elapsed.TotalSeconds, 3),
                ["first_plan_seconds"] = s.TimeToFirstPlan is { } f ? Math.Round(f.TotalSeconds, 3) : null,
                ["first_valid_plan_seconds"] = s.TimeToFirstValidPlan is { } v ? Math.Round(v.TotalSeconds, 3) : null,
                ["steps"] = s.Steps,
                ["moves_evaluated"] = s.MovesEvaluated,
                ["moves_accepted"] = s.MovesAccepted,
                ["recom_steps"] = s.RecomSteps,
                ["recom_accepted"] = s.RecomAccepted,
                ["restarts_run"] = s.Restarts,
            },
            ["best_score_history"] = history,
        };
    }

    /// <summary>One reason a rule is not met, as reports and the API's problem details list it.</summary>
    public static JsonObject Issue(Infeasibility i)
    {
        var o = new JsonObject
        {
            ["kind"] = SnakeCase(i.Kind.ToString()),
            ["message"] = i.Message,
            ["proven"] = i.Proven,
        };
        if (i.Consortium >= 0) o["consortium"] = i.Consortium;
        if (i.Component >= 0) o["component"] = i.Component;
        if (i.SamplePracticeCode is not null) o["sample_practice_code"] = i.SamplePracticeCode;
        if (double.IsFinite(i.Value)) o["value"] = i.Value;
        if (double.IsFinite(i.Limit)) o["limit"] = i.Limit;
        return o;
    }

    /// <summary>An enum name in the reports' snake_case ("BestEffort" → "best_effort").</summary>
    public static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
