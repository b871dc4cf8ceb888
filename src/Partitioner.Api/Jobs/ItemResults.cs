using System.Text.Json.Nodes;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Reads a job's work-item results for gathering: each must be a JSON object; an item whose job could not run carries
/// <c>failed</c> (<see cref="SolveWork.Failure"/>), and the first such failure, or a missing result, fails the whole job.
/// </summary>
public static class ItemResults
{
    /// <summary>
    /// The items' results in item order, or (in <paramref name="failure"/>) the job's failed outcome;
    /// <paramref name="part"/> and <paramref name="whole"/> name them in the message ("band", "sweep").
    /// </summary>
    public static List<JsonObject>? Read(IReadOnlyList<byte[]?> results, string part, string whole, out JobOutcome? failure)
    {
        var items = new List<JsonObject>(results.Count);
        foreach (var bytes in results)
        {
            if (bytes is null || JsonNode.Parse(bytes) is not JsonObject item)
            {
                failure = Failed($"A {part} of this {whole} has no result; the error has been logged. Submit it again, or report it with the job id.", "[]");
                return null;
            }
            if (item["failed"] is JsonObject failed)
            {
                failure = Failed(failed["message"]?.GetValue<string>() ?? $"The {whole} failed.", failed["errors"]?.ToJsonString() ?? "[]");
                return null;
            }
            items.Add(item);
        }
        failure = null;
        return items;
    }

    private static JobOutcome Failed(string message, string errorsJson) => new(JobState.Failed, message, errorsJson, null, null, null);
}
