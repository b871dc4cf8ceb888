using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class FederationsApp : ApiFactory;

public sealed class FederationsEndpointsTests(FederationsApp app) : IClassFixture<FederationsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_plans_consortia_are_grouped_into_federations_and_agencies()
    {
        var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["group_by"] = "ccg_code",
            ["options"] = new JsonObject
            {
                ["federations"] = new JsonObject { ["min"] = 500_000 },
                ["agencies"] = new JsonObject { ["min"] = 1_000_000 },
                ["max_steps"] = 20_000,
                ["risk"] = new JsonObject { ["reserves"] = new JsonArray(0.01, 0.03) },
            },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        var federations = body["federations"]!["features"]!.AsArray();
        var agencies = body["agencies"]!["features"]!.AsArray();
        Assert.NotEmpty(federations);
        Assert.All(federations, f => Assert.InRange((double)f!["properties"]!["patients"]!, 500_000, 2_000_000));
        Assert.All(agencies, a => Assert.True((double)a!["properties"]!["patients"]! >= 1_000_000));
        // The reserves asked for name the risk properties; every consortium names its federation.
        Assert.All(federations, f => Assert.NotNull(f!["properties"]!["overspend_risk_3pct"]));
        var names = federations.Select(f => (string)f!["properties"]!["name"]!).ToHashSet();
        Assert.All(body["consortia"]!["features"]!.AsArray(), c => Assert.Contains((string)c!["properties"]!["federation"]!, names));
        var levels = body["report"]!["levels"]!.AsArray();
        Assert.Equal(["consortium", "federation", "agency"], levels.Select(l => (string)l!["level"]!).ToArray());
        Assert.Equal(8, (int)levels[0]!["count"]!);
    }

    [Fact]
    public async Task Given_federations_are_measured_and_a_missing_request_is_explained()
    {
        var practices = TestData.Grid();
        foreach (var f in practices["features"]!.AsArray()) f!["properties"]!["icb"] = "Q1";
        var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
        {
            ["practices"] = practices, ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["federation_by"] = "icb", ["federations"] = new JsonObject { ["min"] = 100_000 } },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.ReadJson())["report"]!;
        var federation = report["levels"]![1]!;
        Assert.Equal("icb", (string)federation["source"]!);
        Assert.Equal(1, (int)federation["count"]!);
        Assert.Equal(2, federation["units"]![0]!["consortia"]!.AsArray().Count);

        var none = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }));
        var problem = await none.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("federations", problem.ToJsonString());
    }

    [Fact]
    public async Task Given_federations_may_be_a_mapping_of_consortia_in_json_or_as_a_csv_form_part()
    {
        // The region's eight CCGs in two federations, as a lookup table from CCG to ICB would give them.
        var north = new[] { "R01", "R02", "R03", "R04" };
        var map = new JsonObject();
        foreach (var c in new[] { "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08" }) map[c] = north.Contains(c) ? "North" : "South";
        var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["federation_mapping"] = map.DeepClone() }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        var federation = body["report"]!["levels"]![1]!;
        Assert.Equal("federation_mapping", (string)federation["source"]!);
        Assert.Equal(2, (int)federation["count"]!);
        foreach (var c in body["consortia"]!["features"]!.AsArray())
            Assert.Equal((string)map[(string)c!["properties"]!["name"]!]!, (string)c["properties"]!["federation"]!);

        // The same kind of table as the CSV the command line reads, in a form part, with the practices as a CSV file: the
        // grid's two consortia in one federation, as its JSON form gives.
        async Task<JsonNode> GridFederations(HttpContent content)
        {
            var r = await _client.PostAsync("/v1/federations?group_by=ccg_code", content);
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            return await r.ReadJson();
        }
        var form = TestData.Multipart(TestData.GridCsv(), new JsonObject { ["min"] = 50_000 });
        form.Add(new StringContent("consortium,federation\nWEST,Whole\nEAST,Whole\n", System.Text.Encoding.UTF8, "text/csv"), "federation_mapping", "ccg_to_federation.csv");
        var fromForm = await GridFederations(form);
        var fromJson = await GridFederations(TestData.Json(new JsonObject
        {
            ["practices"] = TestData.Grid(), ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["min"] = 50_000 }, ["federation_mapping"] = new JsonArray(new JsonArray("WEST", "Whole"), new JsonArray("EAST", "Whole")),
        }));
        foreach (var grid in new[] { fromForm, fromJson })
        {
            Assert.Equal(1, (int)grid["report"]!["levels"]![1]!["count"]!);
            Assert.All(grid["consortia"]!["features"]!.AsArray(), c => Assert.Equal("Whole", (string)c!["properties"]!["federation"]!));
        }

        // A consortium the table leaves out is named; both forms at once are refused; other endpoints refuse the table.
        map.Remove("R08");
        var missing = await (await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["federation_mapping"] = map }))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(missing["errors"]!.AsArray(), e => (string?)e!["value"] == "R08");
        var both = await (await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg_code", ["federation_mapping"] = new JsonObject { ["R01"] = "North" }, ["options"] = new JsonObject { ["federation_by"] = "la_code" },
        }))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("federation_mapping", (string)both["errors"]![0]!["field"]!);
        var elsewhere = await (await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["federation_mapping"] = new JsonObject { ["R01"] = "North" } }))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("federation_mapping", (string)elsewhere["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_moves_budget_or_given_federations_are_refused_where_they_do_not_belong()
    {
        foreach (var budget in new[] { "max_moves", "max_moved_patients" })
        {
            var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
            {
                ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["federations"] = new JsonObject { ["min"] = 500_000 }, [budget] = 10 },
            }));
            var problem = await response.Problem(HttpStatusCode.BadRequest);
            Assert.Equal(budget, (string)problem["errors"]![0]!["field"]!);
            Assert.Contains("belongs to a solve", (string)problem["errors"]![0]!["message"]!);
        }
        // A job plans its own federations: one given by a practice property is measured here, not there.
        var job = await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["options"] = new JsonObject { ["federations"] = new JsonObject { ["min"] = 500_000 }, ["federation_by"] = "la_code", ["max_steps"] = 2_000 },
        }));
        var refused = await job.Problem(HttpStatusCode.BadRequest);
        Assert.Equal("federation_by", (string)refused["errors"]![0]!["field"]!);
        Assert.Contains("POST /v1/federations", (string)refused["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task Bad_level_options_are_all_listed_in_one_problem()
    {
        var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg_code",
            ["options"] = new JsonObject
            {
                ["federations"] = new JsonObject { ["min"] = 900_000, ["max"] = 800_000, ["count_preference"] = "sideways" },
                ["risk"] = new JsonObject { ["cv"] = -1 },
                ["max_overspend_risk"] = 2,
            },
        }));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        var text = problem.ToJsonString();
        foreach (var field in new[] { "federations.count_preference", "risk cv", "probability", "population bounds" }) Assert.Contains(field, text);
    }

    [Theory]
    [InlineData("NaN", "5000", "mosaic distance")]
    [InlineData("1e308", "5000", "mosaic distance")]
    [InlineData("2", "Infinity", "mosaic density")]
    public async Task A_job_with_a_mosaic_out_of_range_is_a_400_naming_it(string distance, string density, string field)
    {
        // Found by the fuzzing harness: a NaN distance reached the job's stored parameters and was a 500, and a huge one
        // would link every pair of practices.
        var body = "{\"dataset\":\"region\",\"options\":{\"mosaic\":{\"distance_km\":\"" + distance + "\",\"min_density\":\"" + density + "\"}}}";
        var response = await _client.PostAsync("/v1/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["field"]! == field);
    }

    [Fact]
    public async Task A_name_holding_a_control_character_is_a_400_naming_it()
    {
        var response = await _client.PostAsync("/v1/jobs", TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg\u0000code",
            ["options"] = new JsonObject { ["federations"] = new JsonObject { ["min"] = 500_000 } },
        }));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["field"]! == "group_by" && ((string)e["message"]!).Contains("U+0000"));
    }

    [Fact]
    public async Task A_federation_field_name_of_millions_of_characters_is_refused_short()
    {
        var response = await _client.PostAsync("/v1/federations", TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg_code",
            ["options"] = new JsonObject { ["federation_by"] = new string('f', 5_000_000) },
        }));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("5,000,000 characters", problem.ToJsonString());
        Assert.True(problem.ToJsonString().Length < 2_000, "the refusal quotes the name whole");
    }

    [Fact]
    public async Task A_job_with_federations_serves_a_layer_per_level()
    {
        var (response, _) = await _client.Submit(TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max_steps"] = 20_000, ["restarts"] = 2, ["federations"] = new JsonObject { ["min"] = 500_000 }, ["group_by"] = "ccg_code", ["localities"] = 30_000 },
        }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var status = await _client.WaitForJob(location, TimeSpan.FromSeconds(120));
        Assert.Equal("succeeded", (string)status["state"]!);
        var federations = await _client.GetAsync(location + "/federations");
        Assert.Equal(HttpStatusCode.OK, federations.StatusCode);
        Assert.Equal("application/geo+json", federations.Content.Headers.ContentType?.MediaType);
        var layer = await federations.ReadJson();
        Assert.Equal("federations", (string)layer["name"]!);
        var report = await _client.GetFromJson(location + "/report");
        // Levels from the smallest: localities, consortia, federations.
        Assert.Equal(["locality", "consortium", "federation"], report["levels"]!.AsArray().Select(l => (string)l!["level"]!).ToArray());
        Assert.Equal(layer["features"]!.AsArray().Count, (int)report["levels"]![2]!["count"]!);
        var localities = await _client.GetAsync(location + "/localities");
        Assert.Equal(HttpStatusCode.OK, localities.StatusCode);
        Assert.Equal((int)report["levels"]![0]!["count"]!, (await localities.ReadJson())["features"]!.AsArray().Count);
        Assert.NotNull(report["transition"]);
        var agencies = await _client.GetAsync(location + "/agencies");
        await agencies.Problem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/solve")]
    [InlineData("/v1/evaluations")]
    public async Task Level_options_sent_where_they_do_nothing_are_refused(string path)
    {
        var response = await _client.PostAsync(path, TestData.Json(new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["federations"] = new JsonObject { ["min"] = 500_000 } },
        }));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("/v1/federations", problem.ToJsonString());
    }
}
