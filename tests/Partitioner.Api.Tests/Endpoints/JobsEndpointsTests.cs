using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class JobsApp : ApiFactory;

public sealed class JobsEndpointsTests(JobsApp app) : IClassFixture<JobsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_job_on_a_dataset_is_accepted_runs_and_serves_its_three_results()
    {
        var (response, body) = await _client.Submit(TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max"] = 300_000, ["max_steps"] = 5_000, ["restarts"] = 2, ["seed"] = 11 },
        }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/v1/jobs/{body["id"]}", location);
        Assert.Equal("queued", (string)body["state"]!);

        var status = await _client.WaitForJob(location);
        Assert.Equal("succeeded", (string)status["state"]!);
        Assert.Equal(11UL, (ulong)status["seed"]!);
        Assert.Equal(300, (int)status["practices"]!);
        Assert.True((bool)status["summary"]!["meets_all_rules"]!);
        Assert.True((bool)status["progress"]!["feasible_found"]!);
        Assert.Equal("region", (string)status["parameters"]!["dataset"]!);

        var consortia = await _client.GetAsync((string)status["links"]!["consortia"]!);
        Assert.Equal("application/geo+json", consortia.Content.Headers.ContentType?.MediaType);
        var layer = await consortia.ReadJson();
        Assert.Equal((int)status["summary"]!["consortia"]!, layer["features"]!.AsArray().Count);

        var practices = await _client.GetAsync((string)status["links"]!["practices"]!);
        Assert.Equal("application/geo+json", practices.Content.Headers.ContentType?.MediaType);
        Assert.Equal(300, (await practices.ReadJson())["features"]!.AsArray().Count);

        var report = await _client.GetAsync((string)status["links"]!["report"]!);
        Assert.Equal("application/json", report.Content.Headers.ContentType?.MediaType);
        var reportJson = await report.ReadJson();
        Assert.Equal("feasible", (string)reportJson["solver"]!["status"]!);
    }

    [Fact]
    public async Task Inline_geojson_practices_are_solved()
    {
        var (response, _) = await _client.Submit(TestData.Json(TestData.GridRequest()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
        Assert.Equal(TestData.Practices, (int)status["practices"]!);
    }

    [Fact]
    public async Task A_csv_upload_with_an_options_part_is_solved()
    {
        var (response, _) = await _client.Submit(TestData.Multipart(TestData.GridCsv(), TestData.QuickOptions()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
        Assert.Equal("csv", (string)status["parameters"]!["source"]!);
    }

    [Fact]
    public async Task A_csv_body_takes_its_options_from_the_query_string()
    {
        var content = new StringContent(TestData.GridCsv(), Encoding.UTF8, "text/csv");
        var (response, body) = await _client.Submit(content, "/v1/jobs?min=50000&max=100000&max_steps=2000&seed=5&balance=deprivation=0.5");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(5UL, (ulong)body["seed"]!);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
        var report = await (await _client.GetAsync((string)status["links"]!["report"]!)).ReadJson();
        Assert.NotNull(report["rules"]!["deprivation_tolerance"]);
    }

    [Fact]
    public async Task Bad_practices_are_refused_with_every_problem_listed()
    {
        var practices = TestData.Grid(edit: (i, p) =>
        {
            if (i == 2) p.Remove("list_size");
            if (i == 5) p["practice_code"] = "T000";
            return p;
        });
        var response = await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject { ["practices"] = practices, ["options"] = TestData.QuickOptions() }));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => (string)e!["where"]! == "feature 2" && ((string)e["message"]!).Contains("patients"));
        Assert.Contains(errors, e => (string)e!["where"]! == "feature 5" && ((string)e["message"]!).Contains("Duplicate"));
    }

    [Fact]
    public async Task Bad_options_are_refused_with_every_problem_listed()
    {
        var options = TestData.QuickOptions();
        options["min"] = 200_000;
        options["mode"] = "fast";
        options["balance"] = "deprivation=lots";
        options["time_limit_seconds"] = 1_000_000;
        var response = await _client.PostAsync("/v1/jobs", TestData.Json(TestData.GridRequest(options)));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToList();
        Assert.Contains("min", fields);
        Assert.Contains("mode", fields);
        Assert.Contains("balance", fields);
        Assert.Contains("time_limit_seconds", fields);
    }

    [Fact]
    public async Task A_misspelt_option_is_refused_rather_than_ignored()
    {
        var options = TestData.QuickOptions();
        options["maxx"] = 5;
        var problem = await (await _client.PostAsync("/v1/jobs", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("maxx", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await _client.PostAsync("/v1/jobs", new StringContent("{\"dataset\": ", Encoding.UTF8, "application/json"));
        await response.Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_400_naming_the_available_ones()
    {
        var problem = await (await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject { ["dataset"] = "atlantis" }))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("region", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task A_lock_on_an_unknown_practice_is_a_400()
    {
        var options = TestData.QuickOptions();
        options["locks"] = new JsonObject { ["NOPE1"] = "North" };
        var problem = await (await _client.PostAsync("/v1/jobs", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("NOPE1", (string)problem["errors"]![0]!["value"]!);
    }

    [Fact]
    public async Task A_wrong_media_type_is_a_415_problem()
    {
        var response = await _client.PostAsync("/v1/jobs", new StringContent("<practices/>", Encoding.UTF8, "application/xml"));
        await response.Problem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_problem_for_status_results_and_cancel()
    {
        await (await _client.GetAsync("/v1/jobs/nope")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/jobs/nope/consortia")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/jobs/nope/practices")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/jobs/nope/report")).Problem(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync("/v1/jobs/nope")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_impossible_strict_job_fails_with_the_reasons_and_its_results_are_a_422()
    {
        var options = TestData.QuickOptions();
        options["min"] = 120_000;
        options["max"] = 140_000; // 300,000 patients: 2 consortia need ≥ 240k and ≤ 280k, 3 need ≥ 360k.
        var (response, _) = await _client.Submit(TestData.Json(TestData.GridRequest(options)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("failed", (string)status["state"]!);
        Assert.NotEmpty(status["errors"]!.AsArray());
        Assert.Contains("No plan meets every rule", (string)status["message"]!);
        var problem = await (await _client.GetAsync($"{response.Headers.Location}/consortia")).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(problem["errors"]!.AsArray());
    }

    [Fact]
    public async Task A_best_effort_job_returns_a_plan_with_its_breaches_listed()
    {
        var options = TestData.QuickOptions();
        options["min"] = 120_000;
        options["max"] = 140_000;
        options["mode"] = "best_effort";
        var (response, _) = await _client.Submit(TestData.Json(TestData.GridRequest(options)));
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
        Assert.False((bool)status["summary"]!["meets_all_rules"]!);
        Assert.NotEmpty(status["errors"]!.AsArray());
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_promptly()
    {
        var (response, _) = await _client.Submit(TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max"] = 300_000, ["max_steps"] = 2_000_000_000, ["restarts"] = 1, ["time_limit_seconds"] = 120 },
        }));
        var location = response.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((string)(await (await _client.GetAsync(location)).ReadJson())["state"]! != "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the job never started");
            await Task.Delay(50);
        }
        await (await _client.GetAsync($"{location}/report")).Problem(HttpStatusCode.Conflict);

        var cancelled = await _client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        var started = DateTime.UtcNow;
        var status = await _client.WaitForJob(location, TimeSpan.FromSeconds(10));
        Assert.Equal("cancelled", (string)status["state"]!);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        await (await _client.GetAsync($"{location}/consortia")).Problem(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(location)).StatusCode);
        await (await _client.GetAsync(location)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_value_a_rule_needs_is_refused_at_submission()
    {
        var practices = TestData.Grid(edit: (i, p) => { if (i == 7) p["spend"] = null; return p; });
        var options = TestData.QuickOptions();
        options["balance"] = new JsonObject { ["spend"] = "10%" };
        var problem = await (await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject { ["practices"] = practices, ["options"] = options }))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => ((string)e!["message"]!).Contains("mean", StringComparison.OrdinalIgnoreCase) || ((string)e["where"]!).Contains("T007"));
    }

    [Fact]
    public async Task A_job_that_uses_disruption_needs_its_grouping_field()
    {
        var options = TestData.QuickOptions();
        options["objective"] = new JsonObject { ["disruption"] = 1.0 };
        var problem = await (await _client.PostAsync("/v1/jobs", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("objective.disruption", (string)problem["errors"]![0]!["field"]!);

        options["disruption_field"] = "ccg_code";
        var (response, _) = await _client.Submit(TestData.Json(TestData.GridRequest(options)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
    }

    [Fact]
    public async Task A_moves_budget_of_infinite_patients_is_a_400_not_a_fault()
    {
        // Found by the fuzzing harness: once the current map came from the body's group_by, "Infinity" passed every check
        // and the job's stored parameters could not be written (a 500).
        var body = """{"dataset":"region","group_by":"ccg_code","options":{"max_moved_patients":"Infinity","max_steps":5000}}""";
        var problem = await (await _client.PostAsync("/v1/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => ((string)e!["message"]!).Contains("finite"));
    }
}
