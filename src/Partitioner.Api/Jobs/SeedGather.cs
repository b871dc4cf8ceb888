using System.Text.Json.Nodes;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Gathers a solve job's work items (see <see cref="SolveWork"/>) into its outcome: the best plan by the one ordering
/// of plans (<see cref="Score"/>: violation, then objective; the lowest seed on a tie), evaluated and written as the
/// job's layers and report, or the first seed's reasons when no seed found a plan. A pure function of the items'
/// results, so gathering twice (a silo died while gathering) gives the same documents.
/// </summary>
public static class SeedGather
{
    public static JobOutcome Gather(Func<PreparedJob> prepare, string parametersJson, IReadOnlyList<byte[]?> results)
    {
        if (ItemResults.Read(results, "part", "job", out var failure) is not { } runs) return failure!;
        // A job with levels is one item carrying its whole outcome.
        foreach (var run in runs)
            if (LevelsWork.Outcome(run) is { } levels) return levels;
        int best = -1;
        Score bestScore = Score.None;
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i]["assignment"] is null) continue;
            var score = new Score(runs[i]["violation"]?.GetValue<double>() ?? double.PositiveInfinity, runs[i]["objective"]?.GetValue<double>() ?? double.PositiveInfinity);
            if (best < 0 || score.IsBetterThan(bestScore)) (best, bestScore) = (i, score);
        }
        var progress = runs.Count == 1
            ? runs[0]["progress"]!.ToJsonString()
            : ProgressJson.Combine(runs.Select(r => r["progress"] as JsonObject).ToList(), runs.Count, runs.Count, "done",
                runs.Max(r => r["elapsed_seconds"]?.GetValue<double>() ?? 0)).ToJsonString();

        if (best < 0)
        {
            var first = runs[0];
            var issues = first["issues"] as JsonArray ?? [];
            string why = issues.Count > 0 ? issues[0]?["message"]?.GetValue<string>() ?? "" : "The solver found no plan meeting every rule.";
            return Failed($"No plan meets every rule ({first["termination"]!.GetValue<string>()}): {why}", issues.ToJsonString(), SolverSummary(new JsonObject(), first, runs, -1).ToJsonString(), progress);
        }

        var chosen = runs[best];
        var job = prepare();
        var plan = PlanOf(chosen);
        var evaluation = job.Study.Evaluate(plan);
        var parameters = JsonNode.Parse(parametersJson)!.AsObject();
        var sections = new Dictionary<string, JsonNode?>();
        foreach (var (name, section) in chosen["sections"]!.AsObject()) sections[name] = section?.DeepClone();
        if (runs.Count > 1) sections["seeds"] = SeedsSection(runs, best);
        var localities = chosen["localities"] is JsonObject l ? PlanOf(l) : null;
        var outputs = PlanOutputs.Write(job.Study, evaluation, parameters, sections, localities);
        var summary = JsonNode.Parse(outputs.Report)?["summary"]?.DeepClone() as JsonObject ?? new JsonObject();
        SolverSummary(summary, chosen, runs, best);
        var remaining = chosen["issues"]?.ToJsonString() ?? "[]";
        int count = chosen["consortia"]!.GetValue<int>();
        string message = chosen["status"]!.GetValue<string>() == "feasible"
            ? $"{count} consortia meeting every rule."
            : $"{count} consortia (best effort): {(chosen["issues"] as JsonArray)?.Count ?? 0} rule breach(es) remain, listed in errors.";
        if (runs.Count > 1) message += $" Best of {runs.Count} seeds: seed {chosen["seed"]}.";
        return new JobOutcome(JobState.Succeeded, message, remaining, summary.ToJsonString(), progress,
            new JobDocuments(outputs.Consortia, outputs.Practices, outputs.Report));
    }

    /// <summary>A plan stored in an item's result: consortium names and each practice's consortium.</summary>
    private static Plan PlanOf(JsonObject o) =>
        new(o["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray(), o["assignment"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray());

    /// <summary>The solver's figures in a job's summary (and, for several seeds, which one was chosen).</summary>
    private static JsonObject SolverSummary(JsonObject summary, JsonObject run, List<JsonObject> runs, int best)
    {
        summary["solver_status"] = run["status"]?.DeepClone();
        summary["termination"] = run["termination"]?.DeepClone();
        summary["objective"] = run["sections"]?["solver"]?["objective"]?.DeepClone();
        summary["elapsed_seconds"] = run["elapsed_seconds"]?.DeepClone();
        if (runs.Count > 1)
        {
            summary["seeds"] = runs.Count;
            summary["seed"] = best >= 0 ? run["seed"]?.DeepClone() : null;
        }
        return summary;
    }

    /// <summary>Each seed's result, the chosen one marked: the report's "seeds" section.</summary>
    private static JsonObject SeedsSection(List<JsonObject> runs, int best) => new()
    {
        ["chosen"] = runs[best]["seed"]?.DeepClone(),
        ["rule"] = "fewest rule violations, then the lowest objective; the lowest seed on a tie",
        ["runs"] = new JsonArray(runs.Select((r, i) => (JsonNode)new JsonObject
        {
            ["seed"] = r["seed"]?.DeepClone(),
            ["status"] = r["status"]?.DeepClone(),
            ["consortia"] = r["consortia"]?.DeepClone(),
            ["violation"] = r["violation"]?.DeepClone(),
            ["objective"] = r["objective"]?.DeepClone(),
            ["elapsed_seconds"] = r["elapsed_seconds"]?.DeepClone(),
            ["chosen"] = i == best,
        }).ToArray()),
    };

    private static JobOutcome Failed(string message, string errorsJson, string? summaryJson, string? progressJson) =>
        new(JobState.Failed, message, errorsJson, summaryJson, progressJson, null);
}
