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
    public static JsonObject Issue(Infeasibility i) => SolverReport.Issue(i);

    /// <summary>PascalCase enum name to snake_case ("BestEffort" → "best_effort").</summary>
    public static string Snake(string pascal) => SolverReport.SnakeCase(pascal);
}
