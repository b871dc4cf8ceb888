using System.Text.Json.Nodes;

namespace Partitioner.Cluster.Tests;

/// <summary>Bounded waits of the cluster tests: for a job (or sweep, or ensemble) to end, and for a condition.</summary>
internal static class Waits
{
    /// <summary>Polls the status at <paramref name="path"/> until its state is final; throws after <paramref name="limit"/>.</summary>
    public static async Task<JsonObject> Finished(HttpClient client, string path, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var status = JsonNode.Parse(await client.GetStringAsync(path))!.AsObject();
            if (status["state"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled") return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not finish within {limit}: {status.ToJsonString()}");
            await Task.Delay(500);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; throws after <paramref name="limit"/>, naming <paramref name="what"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {limit} for {what}.");
            await Task.Delay(250);
        }
    }
}
