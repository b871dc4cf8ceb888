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

        // A proposal goes through the same gate as every body: a practice named twice in the mapping (once a 500), and a
        // grouping field of 8 million characters (once quoted in a problem per practice: gigabytes), are 400s naming them.
        var twice = new StringContent("""{"mapping":{"N00001":"A","N00001":"B"}}""", Encoding.UTF8, "application/json");
        problem = await (await _client.PostAsync((string)status["links"]!["outliers"]!, twice)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("given twice", problem.ToJsonString());
        var longName = TestData.Json(new JsonObject { ["group_by"] = new string('g', 8_000_000) });
        problem = await (await _client.PostAsync((string)status["links"]!["outliers"]!, longName)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("8,000,000 characters", problem.ToJsonString());
        Assert.True(problem.ToJsonString().Length < 2_000, "the refusal quotes the name whole");
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

        // Chain steps past what a job can be given time for (the job runner once failed setting its deadline), and a
        // burn-in whose product with the chains overflows a long, are refused at submission.
        request["ensemble"] = new JsonObject { ["plans"] = 100, ["chains"] = 2, ["thin"] = int.MaxValue };
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("chain steps", problem.ToJsonString());
        request["ensemble"] = new JsonObject { ["plans"] = 100, ["chains"] = 64, ["burn_in"] = long.MaxValue, ["start_steps"] = long.MaxValue };
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Contains("plans × thin + chains × burn_in", fields);
        Assert.Contains("start_steps", fields);

        // Level options would be sampled without: refused, not ignored.
        request = RegionRequest();
        request["options"]!["mosaic"] = new JsonObject { ["distance_km"] = 2, ["min_density"] = 5000 };
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("federations", (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("An ensemble samples plans of consortia", (string)problem["errors"]![0]!["message"]!);

        request = RegionRequest();
        request["options"]!["whole_councils"] = true;
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("whole_councils", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_malformed_ensemble_request_is_refused_as_any_body_is()
    {
        // The ensemble's reader once parsed the body itself: a member given twice was a 500, and an 8-million-character
        // group_by was quoted in one problem per practice (20 s and 7 GB). Now the JSON gate and the cap on names apply.
        var twice = new StringContent("""{"dataset":"region","dataset":"england","ensemble":{"plans":20}}""", Encoding.UTF8, "application/json");
        var problem = await (await _client.PostAsync("/v1/ensembles", twice)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("$.dataset", problem.ToJsonString());

        var request = RegionRequest();
        request["group_by"] = new string('g', 8_000_000);
        problem = await (await _client.PostAsync("/v1/ensembles", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("8,000,000 characters", problem.ToJsonString());
        Assert.True(problem.ToJsonString().Length < 2_000, "the refusal quotes the name whole");

        var deep = new StringContent("{\"dataset\":\"region\",\"ensemble\":" + new string('[', 1_000) + new string(']', 1_000) + "}", Encoding.UTF8, "application/json");
        problem = await (await _client.PostAsync("/v1/ensembles", deep)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("nested", problem.ToJsonString());
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
