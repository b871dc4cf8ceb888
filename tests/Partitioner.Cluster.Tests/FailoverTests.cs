using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Partitioner.Cluster.Tests;

/// <summary>
/// The cluster as deployed: three worker silos and an API node, each its own process on 127.0.0.1, on one PostgreSQL.
/// Jobs fan out over the silos; one silo is killed with SIGKILL while it runs work items.
/// </summary>
public sealed class FailoverTests
{
    // Region (300 practices), a step budget rather than a clock: the plan is a function of the request and seed only.
    private const int Seeds = 4;
    private static JsonObject Request(ulong seed, long steps = 60_000, int seeds = Seeds) => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["seed"] = seed, ["seeds"] = seeds, ["max_steps"] = steps, ["restarts"] = 1, ["mode"] = "best_effort", ["time_limit_seconds"] = 600 },
    };

    [PostgresFact]
    public async Task Jobs_fanned_out_over_three_silos_finish_with_every_plan_once_and_the_plans_of_one_machine_after_a_silo_is_killed()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var cluster = await TestCluster.StartAsync(db.ConnectionString);
        var (w1, w2, w3, api) = (cluster.Workers[0], cluster.Workers[1], cluster.Workers[2], cluster.Api);
        using var client = api.Client();

        var jobs = new List<string>();
        foreach (ulong seed in new ulong[] { 11, 21 })
        {
            var response = await client.PostAsJsonAsync("/v1/jobs", Request(seed));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            jobs.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }

        // Kill the second silo while it holds work.
        string victim = TestCluster.SiloPrefix(w2);
        var orphaned = await TestCluster.KillWhileRunningAsync(db, w2);
        Assert.NotEmpty(orphaned);

        var statuses = new Dictionary<string, JsonObject>();
        foreach (var id in jobs) statuses[id] = await Waits.Finished(client, $"/v1/jobs/{id}", TimeSpan.FromMinutes(5));
        foreach (var (id, status) in statuses) Assert.True(status["state"]!.GetValue<string>() == "succeeded", $"job {id}: {status.ToJsonString()}\n{w1.Log}\n{w3.Log}");

        // Every promised result, each stored once; the killed silo's items were run again elsewhere.
        foreach (var id in jobs)
        {
            var items = await db.RowsAsync($"SELECT item, state, attempts, done_by, result IS NOT NULL FROM partitioner_work_items WHERE job_id = '{id}' ORDER BY item");
            Assert.Equal(Enumerable.Range(0, Seeds), items.Select(r => (int)r[0]!));
            Assert.All(items, r => Assert.Equal(("done", true), ((string)r[1]!, (bool)r[4]!)));
            Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM partitioner_results WHERE job_id = '{id}'"));
        }
        foreach (var row in orphaned)
        {
            var rerun = (await db.RowsAsync($"SELECT attempts, done_by FROM partitioner_work_items WHERE job_id = '{row[0]}' AND item = {row[1]}"))[0];
            Assert.True((int)rerun[0]! >= 2, $"item {row[0]}/{row[1]} was run {rerun[0]} time(s)");
            Assert.DoesNotContain(victim, (string)rerun[1]!);
        }

        // The same plans as one machine: the embedded mode, in this process, on the same requests.
        using var embedded = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Partitioner:DatabasePath", Path.Combine(Path.GetTempPath(), $"partitioner-cluster-compare-{Guid.NewGuid():N}.db"));
            b.UseSetting("Partitioner:Workers", "1");
        });
        using var local = embedded.CreateClient();
        for (int j = 0; j < jobs.Count; j++)
        {
            var response = await local.PostAsJsonAsync("/v1/jobs", Request(j == 0 ? 11UL : 21UL));
            var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", (await Waits.Finished(local, $"/v1/jobs/{id}", TimeSpan.FromMinutes(5)))["state"]!.GetValue<string>());
            foreach (var layer in new[] { "practices", "consortia" })
                Assert.Equal(await local.GetByteArrayAsync($"/v1/jobs/{id}/{layer}"), await client.GetByteArrayAsync($"/v1/jobs/{jobs[j]}/{layer}"));
            var seedsHere = JsonNode.Parse(await local.GetStringAsync($"/v1/jobs/{id}/report"))!["seeds"]!;
            var seedsThere = JsonNode.Parse(await client.GetStringAsync($"/v1/jobs/{jobs[j]}/report"))!["seeds"]!;
            Assert.Equal(seedsHere["chosen"]!.ToJsonString(), seedsThere["chosen"]!.ToJsonString());
            Assert.Equal(Objectives(seedsHere), Objectives(seedsThere));
        }

        // Cancellation across nodes: a long job, cancelled through the API node while a worker runs it.
        var longJob = await client.PostAsJsonAsync("/v1/jobs", Request(31, steps: 500_000_000, seeds: 2));
        var longId = (await longJob.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await Waits.Until(async () => await db.ScalarAsync<long>($"SELECT count(*) FROM partitioner_work_items WHERE job_id = '{longId}' AND state = 'running'") > 0,
            TimeSpan.FromMinutes(2), "the long job running");
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/v1/jobs/{longId}")).StatusCode);
        var cancelled = await Waits.Finished(client, $"/v1/jobs/{longId}", TimeSpan.FromMinutes(1));
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM partitioner_work_items WHERE job_id = '{longId}' AND state IN ('running', 'queued', 'done')"));

        // Operations: the survivors' membership, and the throughput counter on a worker's metrics.
        var ready = (await api.ReadyAsync())["checks"]!["ready"]!["data"]!;
        Assert.Equal(2L, ready["silos_active"]!.GetValue<long>());
        using var metrics = new HttpClient { BaseAddress = w1.Address };
        Assert.Contains("partitioner_work_items_completed", await metrics.GetStringAsync("/metrics"));
    }

    private static string Objectives(JsonNode seeds) =>
        string.Join(",", seeds["runs"]!.AsArray().Select(r => $"{r!["seed"]}:{r["objective"]}:{r["violation"]}"));
}
