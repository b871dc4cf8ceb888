using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class SweepsApp : ApiFactory;

public sealed class SweepsEndpointsTests(SweepsApp app) : IClassFixture<SweepsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_sweep_of_the_region_runs_as_a_job_and_serves_its_table_as_json_and_csv()
    {
        var (response, body) = await _client.Submit(TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max_steps"] = 5_000, ["restarts"] = 1, ["seed"] = 3 },
            ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3, 0.15) },
        }), "/v1/sweeps");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/v1/sweeps/{body["id"]}", location);

        var status = await _client.WaitForJob(location, TimeSpan.FromSeconds(120));
        Assert.True("succeeded" == (string)status["state"]!, status.ToJsonString());
        Assert.Equal(2, (int)status["summary"]!["bands"]!);
        Assert.Equal("0.3,0.15", (string)status["parameters"]!["sweep"]!);
        var tableUrl = (string)status["links"]!["report"]!;
        Assert.Equal($"{location}/table", tableUrl);

        var table = await _client.GetFromJson(tableUrl);
        var rows = table["rows"]!.AsArray();
        Assert.Equal(new[] { 30.0, 15.0 }, rows.Select(r => (double)r!["band_pct"]!));
        foreach (var row in rows)
        {
            Assert.Contains((string)row!["status"]!, new[] { "met", "best_effort" });
            Assert.True((int)row["consortia"]! > 0);
            Assert.True((double)row["median_polsby_popper"]! > 0);
            Assert.NotNull(row["patients_in_whole_councils_pct"]);
        }
        Assert.True((bool)table["councils"]!);
        Assert.NotNull(table["bound"]!["band_pct"]);

        var csv = await _client.GetAsync($"{tableUrl}?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("band_pct,status,consortia,", lines[0]);
        Assert.Equal(3, lines.Length);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(location)).StatusCode);
        await (await _client.GetAsync(location)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_sweep_asked_for_floors_gives_each_band_its_floor()
    {
        var (response, _) = await _client.Submit(TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max_steps"] = 5_000, ["restarts"] = 1, ["seed"] = 3 },
            ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3, 0.1), ["floors"] = true },
        }), "/v1/sweeps");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var status = await _client.WaitForJob(location, TimeSpan.FromSeconds(120));
        Assert.True("succeeded" == (string)status["state"]!, status.ToJsonString());

        var rows = (await _client.GetFromJson((string)status["links"]!["report"]!))["rows"]!.AsArray();
        var floors = rows.Select(r => (double)r!["inertia_floor_km2"]!).ToArray();
        Assert.Equal(2, floors.Length);
        Assert.True(floors[1] > floors[0] && floors[0] >= 0, $"floors {floors[0]} at ±30%, {floors[1]} at ±10%");
        foreach (var row in rows.Where(r => (string)r!["status"]! == "met"))
            Assert.True((double)row!["inertia_floor_km2"]! <= (double)row["total_inertia_km2"]!, row.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(location)).StatusCode);
    }

    [Fact]
    public async Task Bad_sweeps_are_refused_before_they_are_queued()
    {
        var none = await _client.PostAsync("/v1/sweeps", TestData.Json(new JsonObject { ["dataset"] = "region" }));
        var problem = await none.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("bands", problem.ToJsonString());

        var zero = await _client.PostAsync("/v1/sweeps", TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["sweep"] = new JsonObject { ["from"] = 0.3, ["to"] = 0.5 },
        }));
        Assert.Contains("sweep.to", (await zero.Problem(HttpStatusCode.BadRequest)).ToJsonString());

        var onJobs = await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3) },
        }));
        Assert.Contains("/v1/sweeps", (await onJobs.Problem(HttpStatusCode.BadRequest)).ToJsonString());

        // Each band sets the balance rules, so a balance option would be ignored: refused instead.
        var balanced = await _client.PostAsync("/v1/sweeps", TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["balance"] = "deprivation=0.2" },
            ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3) },
        }));
        var balanceProblem = await balanced.Problem(HttpStatusCode.BadRequest);
        Assert.Equal("balance", (string)balanceProblem["errors"]![0]!["field"]!);

        // A level option is planned by jobs and /v1/federations: refused here at once, not a sweep job that fails later.
        foreach (var level in new[] { new JsonObject { ["federations"] = new JsonObject { ["min"] = 500000 } }, new JsonObject { ["max_overspend_risk"] = 0.05 } })
        {
            var withLevels = await _client.PostAsync("/v1/sweeps", TestData.Json(new JsonObject
            {
                ["dataset"] = "region",
                ["options"] = level,
                ["sweep"] = new JsonObject { ["bands"] = new JsonArray(0.3) },
            }));
            var refused = await withLevels.Problem(HttpStatusCode.BadRequest);
            Assert.Equal("federations", (string)refused["errors"]![0]!["field"]!);
            Assert.Contains("A sweep solves the consortia of each band", (string)refused["errors"]![0]!["message"]!);
        }
    }

    [Fact]
    public async Task A_solve_job_is_not_a_sweep()
    {
        var (response, body) = await _client.Submit(TestData.Json(TestData.GridRequest()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await (await _client.GetAsync($"/v1/sweeps/{body["id"]}")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/v1/sweeps/{body["id"]}/table")).Problem(HttpStatusCode.NotFound);
    }
}
