using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Partitioner.Cluster.Tests;

/// <summary>The bounded queue across API nodes: two nodes share one bound, kept in PostgreSQL.</summary>
public sealed class BackPressureTests
{
    private static JsonObject Request(int seed) => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["seed"] = seed, ["max_steps"] = 1000, ["restarts"] = 1 },
    };

    [PostgresFact]
    public async Task Two_api_nodes_share_one_queue_bound_and_answer_429_with_retry_after_past_it()
    {
        await using var db = await TestPostgres.CreateAsync();
        // A worker with no slots: the cluster has a member, and every accepted job stays queued.
        using var worker = await ClusterNode.WorkerAsync("w", db.ConnectionString, slots: 0);
        var capacity = new Dictionary<string, string> { ["QueueCapacity"] = "2" };
        var nodes = await Task.WhenAll(ClusterNode.ApiAsync("a", db.ConnectionString, capacity), ClusterNode.ApiAsync("b", db.ConnectionString, capacity));
        using var a = nodes[0];
        using var b = nodes[1];
        using var ca = a.Client();
        using var cb = b.Client();

        var first = await ca.PostAsJsonAsync("/v1/jobs", Request(1));
        var second = await cb.PostAsJsonAsync("/v1/jobs", Request(2));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        foreach (var (client, seed) in new[] { (ca, 3), (cb, 4) })
        {
            var refused = await client.PostAsJsonAsync("/v1/jobs", Request(seed));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("queue is full (2 jobs waiting)", await refused.Content.ReadAsStringAsync());
        }

        // Job ids are the cluster's: a job submitted to one node is described (and cancelled) by the other.
        var firstId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var seen = await cb.GetFromJsonAsync<JsonObject>($"/v1/jobs/{firstId}");
        Assert.Equal(("queued", 2), (seen!["state"]!.GetValue<string>(), seen["queue_length"]!.GetValue<int>()));
        var data = (await a.ReadyAsync())["checks"]!["ready"]!["data"]!;
        Assert.Equal((1L, 2L), (data["silos_active"]!.GetValue<long>(), data["jobs_queued"]!.GetValue<long>()));
        Assert.Equal("active", data["silos"]![0]!["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await cb.DeleteAsync($"/v1/jobs/{firstId}")).StatusCode);
        var cancelled = await ca.GetFromJsonAsync<JsonObject>($"/v1/jobs/{firstId}");
        Assert.Equal(("cancelled", "Cancelled at the user's request before it started."), (cancelled!["state"]!.GetValue<string>(), cancelled["message"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Accepted, (await ca.PostAsJsonAsync("/v1/jobs", Request(5))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ca.DeleteAsync($"/v1/jobs/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cb.GetAsync($"/v1/jobs/{firstId}")).StatusCode);
    }
}
