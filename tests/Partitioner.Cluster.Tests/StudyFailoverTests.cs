using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Partitioner.Cluster.Tests;

/// <summary>
/// Issue 17's done test: three worker silos and an API node as processes on 127.0.0.1; an ensemble (one work item per
/// chain) and a sweep (one per band) fan out over the silos; one silo is killed with SIGKILL while it runs an item.
/// Both finish with every chain and band once, and the same table and plans (same seeds) as the embedded mode; then a
/// job with federations gives the same layers in both modes.
/// </summary>
public sealed class StudyFailoverTests
{
    private const int Bands = 4, Chains = 4;

    private static JsonObject Sweep() => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["seed"] = 7, ["max_steps"] = 150_000, ["restarts"] = 1, ["time_limit_seconds"] = 600 },
        ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3, 0.25, 0.2, 0.15) },
    };

    private static JsonObject Ensemble() => new()
    {
        ["dataset"] = "region",
        ["group_by"] = "ccg_code",
        ["options"] = new JsonObject { ["balance"] = "deprivation=0.3" },
        ["ensemble"] = new JsonObject { ["plans"] = 400, ["chains"] = Chains, ["thin"] = 100, ["burn_in"] = 2000, ["count"] = 8, ["seed"] = 3 },
    };

    [PostgresFact]
    public async Task An_ensemble_and_a_sweep_fanned_out_over_three_silos_give_every_chain_and_band_once_and_the_results_of_one_machine_after_a_silo_is_killed()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var cluster = await TestCluster.StartAsync(db.ConnectionString);
        var (w1, w2, w3, api) = (cluster.Workers[0], cluster.Workers[1], cluster.Workers[2], cluster.Api);
        using var client = api.Client();

        string sweep = await Submit(client, "/v1/sweeps", Sweep());
        string ensemble = await Submit(client, "/v1/ensembles", Ensemble());
        Assert.Equal(Bands, await db.ScalarAsync<long>($"SELECT item_count::bigint FROM partitioner_jobs WHERE id = '{sweep}'"));
        Assert.Equal(Chains, await db.ScalarAsync<long>($"SELECT item_count::bigint FROM partitioner_jobs WHERE id = '{ensemble}'"));

        // Kill the second silo while it holds work.
        string victim = TestCluster.SiloPrefix(w2);
        var orphaned = await TestCluster.KillWhileRunningAsync(db, w2);
        Assert.NotEmpty(orphaned);

        var sweepStatus = await Waits.Finished(client, $"/v1/sweeps/{sweep}", TimeSpan.FromMinutes(8));
        var ensembleStatus = await Waits.Finished(client, $"/v1/ensembles/{ensemble}", TimeSpan.FromMinutes(8));
        Assert.True(sweepStatus["state"]!.GetValue<string>() == "succeeded", $"sweep: {sweepStatus.ToJsonString()}\n{w1.Log}\n{w3.Log}");
        Assert.True(ensembleStatus["state"]!.GetValue<string>() == "succeeded", $"ensemble: {ensembleStatus.ToJsonString()}\n{w1.Log}\n{w3.Log}");

        // Every band and chain done once, with its result; the killed silo's items run again elsewhere; the files stored once.
        foreach (var (id, items) in new[] { (sweep, Bands), (ensemble, Chains) })
        {
            var rows = await db.RowsAsync($"SELECT item, state, result IS NOT NULL FROM partitioner_work_items WHERE job_id = '{id}' ORDER BY item");
            Assert.Equal(Enumerable.Range(0, items), rows.Select(r => (int)r[0]!));
            Assert.All(rows, r => Assert.Equal(("done", true), ((string)r[1]!, (bool)r[2]!)));
        }
        foreach (var row in orphaned)
        {
            var rerun = (await db.RowsAsync($"SELECT attempts, done_by FROM partitioner_work_items WHERE job_id = '{row[0]}' AND item = {row[1]}"))[0];
            Assert.True((int)rerun[0]! >= 2, $"item {row[0]}/{row[1]} was run {rerun[0]} time(s)");
            Assert.DoesNotContain(victim, (string)rerun[1]!);
        }
        Assert.Equal(2L, await db.ScalarAsync<long>($"SELECT count(*) FROM partitioner_files WHERE job_id = '{sweep}'"));
        Assert.Equal(400, ensembleStatus["summary"]!["plans"]!.GetValue<int>());
        Assert.Equal(400, ensembleStatus["progress"]!["plans_recorded"]!.GetValue<int>());

        // The same results as one machine: the embedded mode, in this process, on the same requests.
        using var embedded = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Partitioner:DatabasePath", Path.Combine(Path.GetTempPath(), $"partitioner-cluster-compare-{Guid.NewGuid():N}.db"));
            b.UseSetting("Partitioner:Workers", "1");
        });
        using var local = embedded.CreateClient();
        string localSweep = await Submit(local, "/v1/sweeps", Sweep());
        string localEnsemble = await Submit(local, "/v1/ensembles", Ensemble());
        Assert.Equal("succeeded", (await Waits.Finished(local, $"/v1/sweeps/{localSweep}", TimeSpan.FromMinutes(8)))["state"]!.GetValue<string>());
        Assert.Equal("succeeded", (await Waits.Finished(local, $"/v1/ensembles/{localEnsemble}", TimeSpan.FromMinutes(8)))["state"]!.GetValue<string>());

        var tableHere = Untimed(JsonNode.Parse(await local.GetStringAsync($"/v1/sweeps/{localSweep}/table"))!);
        var tableThere = Untimed(JsonNode.Parse(await client.GetStringAsync($"/v1/sweeps/{sweep}/table"))!);
        Assert.Equal(tableHere["rows"]!.ToJsonString(), tableThere["rows"]!.ToJsonString());
        Assert.Equal(tableHere["bound"]!.ToJsonString(), tableThere["bound"]!.ToJsonString());
        Assert.Equal(Bands, tableThere["rows"]!.AsArray().Count);

        Assert.Equal(await local.GetStringAsync($"/v1/ensembles/{localEnsemble}/plans"), await client.GetStringAsync($"/v1/ensembles/{ensemble}/plans"));
        Assert.Equal(await local.GetStringAsync($"/v1/ensembles/{localEnsemble}/coassignment?format=csv"),
            await client.GetStringAsync($"/v1/ensembles/{ensemble}/coassignment?format=csv"));
        Assert.Equal(await local.GetStringAsync($"/v1/ensembles/{localEnsemble}/cores"), await client.GetStringAsync($"/v1/ensembles/{ensemble}/cores"));
        var reportHere = JsonNode.Parse(await local.GetStringAsync($"/v1/ensembles/{localEnsemble}/report"))!;
        var reportThere = JsonNode.Parse(await client.GetStringAsync($"/v1/ensembles/{ensemble}/report"))!;
        Assert.Equal(reportHere["distinct_plans"]!.ToJsonString(), reportThere["distinct_plans"]!.ToJsonString());
        Assert.Equal(reportHere["convergence"]!.ToJsonString(), reportThere["convergence"]!.ToJsonString());

        // A job with levels runs whole on one silo, and serves the same layer per level as one machine.
        var levels = new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max_steps"] = 20_000, ["restarts"] = 2, ["seed"] = 4, ["federations"] = new JsonObject { ["min"] = 500_000 }, ["group_by"] = "ccg_code" },
        };
        string levelsThere = await Submit(client, "/v1/jobs", levels);
        string levelsHere = await Submit(local, "/v1/jobs", levels);
        Assert.Equal("succeeded", (await Waits.Finished(client, $"/v1/jobs/{levelsThere}", TimeSpan.FromMinutes(5)))["state"]!.GetValue<string>());
        Assert.Equal("succeeded", (await Waits.Finished(local, $"/v1/jobs/{levelsHere}", TimeSpan.FromMinutes(5)))["state"]!.GetValue<string>());
        foreach (var layer in new[] { "consortia", "practices", "federations" })
            Assert.Equal(await local.GetStringAsync($"/v1/jobs/{levelsHere}/{layer}"), await client.GetStringAsync($"/v1/jobs/{levelsThere}/{layer}"));
    }

    /// <summary>A sweep table without its time columns (they differ from run to run).</summary>
    private static JsonNode Untimed(JsonNode table)
    {
        foreach (var row in table["rows"]!.AsArray()) row!.AsObject().Remove("seconds");
        table["bound"]!.AsObject().Remove("seconds");
        return table;
    }

    private static async Task<string> Submit(HttpClient client, string path, JsonObject body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
