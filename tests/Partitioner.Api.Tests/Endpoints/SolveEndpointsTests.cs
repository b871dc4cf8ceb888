using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class SolveApp : ApiFactory;

public sealed class SolveEndpointsTests(SolveApp app) : IClassFixture<SolveApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_small_study_is_solved_synchronously_into_consortia_and_a_report()
    {
        var response = await _client.PostAsync("/v1/solve", TestData.Json(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max"] = 400_000, ["max_steps"] = 5_000, ["restarts"] = 2, ["balance"] = new JsonObject { ["spend"] = new JsonObject { ["tolerance"] = 15, ["kind"] = "absolute" } } },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal("FeatureCollection", (string)body["consortia"]!["type"]!);
        Assert.Equal("feasible", (string)body["report"]!["solver"]!["status"]!);
        Assert.Equal((int)body["report"]!["summary"]!["consortia"]!, body["consortia"]!["features"]!.AsArray().Count);
        Assert.Contains("±15", (string)body["report"]!["rules"]!["spend_tolerance"]!);
    }

    [Fact]
    public async Task A_group_by_beside_the_options_names_the_current_map_and_a_mapping_is_refused()
    {
        JsonObject Request() => new()
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["max_steps"] = 5_000, ["restarts"] = 1, ["mode"] = "best_effort", ["objective"] = new JsonObject { ["disruption"] = 1 } },
        };
        // The disruption term needs the current map: the body's group_by gives it, as options.group_by does.
        var beside = Request();
        beside["group_by"] = "ccg_code";
        var inside = Request();
        inside["options"]!["group_by"] = "ccg_code";
        var a = await (await _client.PostAsync("/v1/solve", TestData.Json(beside))).ReadJson();
        var b = await (await _client.PostAsync("/v1/solve", TestData.Json(inside))).ReadJson();
        Assert.Equal("ccg_code", (string)a["report"]!["parameters"]!["group_by"]!);
        Assert.Equal(b["consortia"]!.ToJsonString(), a["consortia"]!.ToJsonString());

        var twice = Request();
        twice["group_by"] = "ccg_code";
        twice["options"]!["group_by"] = "la_code";
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(twice))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("group_by", (string)problem["errors"]![0]!["field"]!);

        var mapped = Request();
        mapped["options"]!["group_by"] = "ccg_code";
        mapped["mapping"] = new JsonObject { ["R0001"] = "North" };
        foreach (var path in new[] { "/v1/solve", "/v1/jobs" })
        {
            problem = await (await _client.PostAsync(path, TestData.Json(mapped))).Problem(HttpStatusCode.BadRequest);
            Assert.Equal("mapping", (string)problem["errors"]![0]!["field"]!);
            Assert.Contains("POST /v1/evaluations", (string)problem["errors"]![0]!["message"]!);
        }
    }

    [Theory]
    [InlineData("/v1/solve", "sweep")]
    [InlineData("/v1/evaluations", "sweep")]
    [InlineData("/v1/localities/R01", "sweep")]
    [InlineData("/v1/federations", "sweep")]
    [InlineData("/v1/localities/R01", "mapping")]
    public async Task A_body_member_an_endpoint_does_not_take_is_refused_not_ignored(string path, string member)
    {
        var request = new JsonObject
        {
            ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["federation_by"] = "la_code", ["max_steps"] = 2_000 },
            [member] = member == "sweep" ? new JsonObject { ["bands"] = new JsonArray(0.3) } : new JsonObject { ["N00001"] = "A" },
        };
        if (path != "/v1/federations") request["options"]!.AsObject().Remove("federation_by");
        var problem = await (await _client.PostAsync(path, TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(member, (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_csv_body_takes_the_coterminosity_weight_from_the_query_string()
    {
        var content = new StringContent(TestData.GridCsv(), System.Text.Encoding.UTF8, "text/csv");
        var response = await _client.PostAsync("/v1/solve?min=50000&max=100000&max_steps=2000&coterminosity=2&council_field=ccg_code", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.ReadJson())["report"]!;
        Assert.Equal(2, (double)report["parameters"]!["objective"]!["coterminosity"]!);
        var refused = await _client.PostAsync("/v1/solve?objective=1", new StringContent(TestData.GridCsv(), System.Text.Encoding.UTF8, "text/csv"));
        Assert.Contains("coterminosity=W", (await refused.Problem(HttpStatusCode.BadRequest)).ToJsonString());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_plan()
    {
        async Task<string> Solve()
        {
            var r = await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest()));
            var body = await r.ReadJson();
            return string.Join(",", body["consortia"]!["features"]!.AsArray().Select(f => (string)f!["properties"]!["patients"]!.ToString()));
        }
        Assert.Equal(await Solve(), await Solve());
    }

    [Fact]
    public async Task A_spreadsheet_csv_separated_by_semicolons_with_decimal_commas_gives_the_plan_of_the_comma_file()
    {
        async Task<string> Solve(string csv)
        {
            var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
            var response = await _client.PostAsync("/v1/solve?min=50000&max=100000&max_steps=2000&restarts=2&seed=5&balance=deprivation=0.5", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.ReadJson();
            return body["consortia"]!.ToJsonString();
        }
        var commas = TestData.GridCsv();
        // As a spreadsheet in a locale with the decimal comma saves it: semicolons between fields, commas in numbers.
        var semicolons = string.Join("\n", commas.Split('\n').Select(line => line.Replace(',', ';').Replace('.', ',')));
        Assert.Contains(";53,78", semicolons);
        Assert.Equal(await Solve(commas), await Solve(semicolons));
    }

    [Fact]
    public async Task An_impossible_strict_request_is_a_422_with_the_reasons_and_fixes()
    {
        var options = TestData.QuickOptions();
        options["min"] = 120_000;
        options["max"] = 140_000;
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.UnprocessableEntity);
        var errors = problem["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        Assert.Contains("Fix", (string)errors[0]!["message"]!);
        Assert.Contains("best_effort", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_time_limit_over_the_synchronous_limit_is_a_400()
    {
        var options = TestData.QuickOptions();
        options["time_limit_seconds"] = 3600;
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("time_limit_seconds", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task England_is_too_large_for_a_synchronous_solve()
    {
        // The reader stops at the synchronous cap rather than reading all 7,500 practices first.
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(new JsonObject { ["dataset"] = "england" }))).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("more than 1,000 practices", (string)problem["detail"]!);
        Assert.Contains("POST /v1/jobs", (string)problem["detail"]!);
        Assert.Equal("(rows)", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task Locks_keep_practices_together_under_the_lock_name()
    {
        var options = TestData.QuickOptions();
        options["locks"] = new JsonObject { ["T000"] = "Westfield", ["T001"] = "Westfield" };
        var response = await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Contains(body["consortia"]!["features"]!.AsArray(), f => (string)f!["id"]! == "Westfield");
    }

    [Fact]
    public async Task An_inline_boundary_clips_the_consortia()
    {
        var options = TestData.QuickOptions();
        options["boundary"] = JsonNode.Parse("""
            {"type": "Polygon", "coordinates": [[[-1.65, 53.75], [-1.43, 53.75], [-1.43, 53.88], [-1.65, 53.88], [-1.65, 53.75]]]}
            """);
        var response = await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        foreach (var feature in body["consortia"]!["features"]!.AsArray())
            foreach (var lon in Longitudes(feature!["geometry"]!["coordinates"]!))
                Assert.InRange(lon, -1.6501, -1.4299);
    }

    [Fact]
    public async Task An_option_of_the_wrong_type_is_a_400_saying_what_to_write()
    {
        var response = await _client.PostAsync("/v1/solve", TestData.Json(new JsonObject { ["dataset"] = "region", ["options"] = new JsonObject { ["min"] = "lots", ["seed"] = -1 } }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.ReadJson();
        var error = body["errors"]!.AsArray()[0]!;
        Assert.Equal("$.options.min", (string)error["field"]!);
        Assert.Contains("expected a number", (string)error["message"]!);
        Assert.DoesNotContain("System.", (string)error["message"]!);
    }

    [Fact]
    public async Task A_malformed_boundary_is_a_400()
    {
        var options = TestData.QuickOptions();
        options["boundary"] = JsonNode.Parse("""{"type": "Polygon", "coordinates": [[[-1.65, 53.75], [-1.43, 53.75], [-1.43, 53.88]]]}""");
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("closed", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task Balance_in_the_cli_string_form_and_count_bounds_are_applied()
    {
        var options = TestData.QuickOptions();
        options["balance"] = new JsonArray("deprivation=40%", "spend=15abs");
        options["count_min"] = 4;
        options["count_max"] = 4;
        var response = await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.ReadJson())["report"]!;
        Assert.Equal(4, (int)report["summary"]!["consortia"]!);
        Assert.Contains("40", (string)report["rules"]!["deprivation_tolerance"]!);
        Assert.Contains("15", (string)report["rules"]!["spend_tolerance"]!);
    }

    [Fact]
    public async Task A_missing_deprivation_needed_by_a_rule_is_a_400_unless_filled_with_the_mean()
    {
        var practices = TestData.Grid(edit: (i, p) => { if (i == 4) p.Remove("imd_score"); return p; });
        var options = TestData.QuickOptions();
        options["balance"] = "deprivation=0.5";
        var refused = await _client.PostAsync("/v1/solve", TestData.Json(new JsonObject { ["practices"] = practices, ["options"] = options }));
        var problem = await refused.Problem(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem["errors"]!.AsArray());

        var filled = (JsonObject)options.DeepClone();
        filled["missing"] = "mean";
        var accepted = await _client.PostAsync("/v1/solve", TestData.Json(new JsonObject { ["practices"] = practices.DeepClone(), ["options"] = filled }));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static IEnumerable<double> Longitudes(JsonNode coordinates) => coordinates switch
    {
        JsonArray { Count: 2 } pair when pair[0] is JsonValue => [(double)pair[0]!],
        JsonArray list => list.SelectMany(c => Longitudes(c!)),
        _ => [],
    };
}
