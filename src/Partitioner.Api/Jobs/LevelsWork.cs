using System.Text.Json;
using System.Text.Json.Nodes;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A job with levels (consortia and the federations or agencies above them) as one work item: it solves every level
/// (<see cref="LevelsStudy"/>) and its result carries the job's whole outcome, the documents and each level's layer
/// included, so the embedded worker and any silo store the same thing (<see cref="Outcome"/> reads it back).
/// </summary>
public static class LevelsWork
{
    /// <summary>Solves the levels of a prepared job (with localities, by <paramref name="exact"/>); its result document (UTF-8 JSON). Throws when cancelled.</summary>
    public static byte[] Run(PreparedJob job, IExactEngine exact, IProgress<SolveProgress>? progress, CancellationToken ct)
    {
        var outcome = LevelsStudy.Solve(job.Study, job.Request.Levels, job.Request.SolverOptions(progress), ct, job.Request.LocalityMax, exact);
        ct.ThrowIfCancellationRequested();
        var result = outcome.ConsortiumResult;
        var finalProgress = result is null ? null : ProgressJson.Of(new SolveProgress(result.Statistics.Elapsed, result.Statistics.Steps, result.Statistics.Restarts,
            result.Objective.Total, result.Violation, result.Status == SolveStatus.Feasible), "done");
        if (outcome.Levels is null)
        {
            var issues = new JsonArray((result?.Issues ?? []).Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
            string why = result?.Issues.Count > 0 ? result.Issues[0].Message : "The solver found no plan meeting every rule.";
            return Result(JobState.Failed, $"No plan meets every rule: {why}", issues, null, finalProgress, null);
        }
        var outputs = PlanOutputs.Write(job.Study, outcome, JsonNode.Parse(job.ParametersJson)!.AsObject());
        ct.ThrowIfCancellationRequested();
        var summary = JsonNode.Parse(outputs.Report)?["summary"]?.DeepClone() as JsonObject ?? new JsonObject();
        summary["levels"] = new JsonArray(outcome.Levels.Levels.Select(l => (JsonNode)new JsonObject
        {
            ["level"] = l.Name.One,
            ["count"] = l.Plan.Count,
            ["meets_all_rules"] = l.Evaluation.Summary.MeetsAllRules,
        }).ToArray());
        var remaining = new JsonArray(outcome.Levels.Levels.SelectMany(l => l.Result?.Issues ?? []).Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
        string message = $"{string.Join(", ", outcome.Levels.Levels.Select(l => $"{l.Plan.Count} {l.Name.Many}"))}; " +
            (outcome.MeetsAllRules ? "every rule met." : "some rules broken (see the report).");
        return Result(JobState.Succeeded, message, remaining, summary, finalProgress, outputs);
    }

    /// <summary>The outcome a levels item's result carries, or null when <paramref name="run"/> is not one.</summary>
    public static JobOutcome? Outcome(JsonObject run)
    {
        if (run["levels_outcome"] is not JsonObject o) return null;
        var documents = o["documents"] is JsonObject d
            ? new JobDocuments(Bytes(d["consortia"]), Bytes(d["practices"]), Bytes(d["report"]))
            : null;
        return new JobOutcome(JobStateNames.Parse(o["state"]!.GetValue<string>()), o["message"]?.GetValue<string>(), o["errors"]?.ToJsonString() ?? "[]", o["summary"]?.ToJsonString(),
            o["progress"]?.ToJsonString(), documents)
        {
            Files = (o["layers"] as JsonObject ?? []).Select(l => new KeyValuePair<string, byte[]>(l.Key, Bytes(l.Value))).ToList(),
        };
    }

    private static byte[] Result(JobState state, string message, JsonArray errors, JsonObject? summary, JsonObject? progress, PlanOutputs? outputs) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["levels_outcome"] = new JsonObject
            {
                ["state"] = state.Name(),
                ["message"] = message,
                ["errors"] = errors,
                ["summary"] = summary,
                ["progress"] = progress,
                ["documents"] = outputs is null ? null : new JsonObject
                {
                    ["consortia"] = Convert.ToBase64String(outputs.Consortia),
                    ["practices"] = Convert.ToBase64String(outputs.Practices),
                    ["report"] = Convert.ToBase64String(outputs.Report),
                },
                ["layers"] = outputs is null ? null : new JsonObject(outputs.Levels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)Convert.ToBase64String(l.Value)))),
            },
            ["progress"] = progress?.DeepClone(),
        });

    private static byte[] Bytes(JsonNode? n) => Convert.FromBase64String(n!.GetValue<string>());
}
