using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class EnsemblesApp : ApiFactory;

public sealed class EnsemblesEndpointsTests(EnsemblesApp app) : IClassFixture<EnsemblesApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private static JsonObject RegionRequest(int plans = 120, ulong seed = 3) => new()
    {
        ["dataset"] = "region",
        ["group_by"] = "ccg_code",
        ["options"] = new JsonObject { ["balance"] = "deprivation=0.3" },
        ["ensemble"] = new JsonObject { ["plans"] = plans, ["chains"] = 4, ["thin"] = 20, ["burn_in"] = 200, ["count"] = 8, ["seed"] = seed },
    };

    private async Task<JsonNode> Sampled(JsonObject request)
    {
        var (response, body) = await _client.Submit(TestData.Json(request), "/v1/ensembles");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/v1/ensembles/{body["id"]}", location);
        return await _client.WaitForJob(location, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task An_ensemble_job_runs_and_serves_its_report_plans_and_layers()
    {
        var status = await Sampled(RegionRequest());
        Assert.True((string)status["state"]! == "succeeded", status.ToJsonString());
        Assert.Equal(120, (int)status["summary"]!["plans"]!);
        Assert.Equal(8, (int)status["summary"]!["consortia"]!);
        Assert.NotNull(status["summary"]!["verdict"]);
        Assert.Equal(120, (int)status["progress"]!["plans_recorded"]!);

        var report = await _client.GetAsync((string)status["links"]!["report"]!);
        Assert.Equal("application/json", report.Content.Headers.ContentType?.MediaType);
        var summary = await report.ReadJson();
        Assert.Equal(10, summary["convergence"]!["statistics"]!.AsArray().Count);
        Assert.Equal("ccg_code", (string)summary["parameters"]!["group_by"]!);

        var plans = await _client.GetAsync((string)status["links"]!["plans"]!);
        Assert.Equal("text/csv", plans.Content.Headers.ContentType?.MediaType);
        var lines = (await plans.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(121, lines.Length);
        Assert.StartsWith("plan,chain,step,count,cut_edges", lines[0]);

        var cores = await _client.GetAsync((string)status["links"]!["cores"]!);
        Assert.Equal("application/geo+json", cores.Content.Headers.ContentType?.MediaType);
        Assert.Equal("stable_cores", (string)(await cores.ReadJson())["name"]!);

        var lines2 = await _client.GetAsync((string)status["links"]!["coassignment"]! + "?format=csv");
        Assert.Equal("text/csv", lines2.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("practice_a,practice_b,together_plans,together_pct", await lines2.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_request_gives_the_same_plans()
    {
        var a = await Sampled(RegionRequest(plans: 40, seed: 8));
        var b = await Sampled(RegionRequest(plans: 40, seed: 8));
        var pa = await _client.GetStringAsync((string)a["links"]!["plans"]!);
        var pb = await _client.GetStringAsync((string)b["links"]!["plans"]!);
        Assert.Equal(pa, pb);
    }

    [Fact]
    public async Task A_proposal_is_tested_against_the_ensemble()
    {
        var status = await Sampled(RegionRequest());
        var response = await _client.PostAsync((string)status["links"]!["outliers"]!, TestData.Json(new JsonObject { ["group_by"] = "ccg_code" }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.ReadJson();
        Assert.Equal(120, (int)report["ensemble_plans"]!);
        Assert.Equal(8, report["consortia"]!.AsArray().Count);
        Assert.Equal(10, report["plan"]!.AsArray().Count);
        foreach (var c in report["consortia"]!.AsArray())
        {
            Assert.NotNull(c!["deprivation"]!["percentile"]);
            Assert.NotNull(c["spend_per_patient"]!["ensemble_median"]);
        }

        var bad = await _client.PostAsync((string)status["links"]!["outliers"]!, TestData.Json(new JsonObject { ["group_by"] = "ccg_code", ["mapping"] = new JsonObject() }));
        var problem = await bad.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("one of the two", problem.ToJsonString());
    }

    [Fact]
    public async Task Bad_sampling_settings_are_all_listed_in_one_400()
    {
        var request = RegionRequest();
        request["ensemble"] = new JsonObject { ["plans"] = 0, ["thin"] = 0, ["chains"] = 500, ["colour"] = "red" };
        var response = await _client.PostAsync("/v1/ensembles", TestData.Json(request));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("colour", problem.ToJsonString());

        request["ensemble"] = new JsonObject { ["plans"] = 0, ["thin"] = 0, ["chains"] = 500 };
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Contains("plans", fields);
        Assert.Contains("thin", fields);
        Assert.Contains("chains", fields);
    }

    [Fact]
    public async Task Files_of_an_unknown_or_unfinished_ensemble_are_problems_not_500s()
    {
        await (await _client.GetAsync("/v1/ensembles/nope/report")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/ensembles/nope")).Problem(HttpStatusCode.NotFound);
        var csv = new StringContent("practice_code\n", Encoding.UTF8, "text/csv");
        await (await _client.PostAsync("/v1/ensembles", csv)).Problem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_finished_ensemble_is_deleted_with_its_files()
    {
        var status = await Sampled(RegionRequest(plans: 8));
        string self = (string)status["links"]!["self"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(self)).StatusCode);
        await (await _client.GetAsync(self + "/plans")).Problem(HttpStatusCode.NotFound);
    }
}
