using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>The one place the service calls the solver (through <see cref="Study.Solve"/>), and the JSON shape of its issues.</summary>
public static class SolveRunner
{
    /// <summary>Solves; the solution has no plan when the request is strict and cannot be met.</summary>
    public static StudySolution Run(Study study, SolverOptions options, IReadOnlyList<KeyValuePair<string, string>>? locks, bool minimiseDisruption, CancellationToken ct) =>
        study.Solve(options, locks, minimiseDisruption, ct);

    /// <summary>True when the solution has a plan to publish.</summary>
    public static bool HasPlan(StudySolution s) => s.Evaluation is not null && s.Result.Status != SolveStatus.Infeasible;

    /// <summary>One infeasibility reason or remaining breach, as listed in a job's or a problem's <c>errors</c>.</summary>
    public static JsonObject Issue(Infeasibility i)
    {
        var o = new JsonObject
        {
            ["kind"] = Snake(i.Kind.ToString()),
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

    /// <summary>PascalCase enum name to snake_case ("BestEffort" → "best_effort").</summary>
    public static string Snake(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLower(pascal[i], CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
