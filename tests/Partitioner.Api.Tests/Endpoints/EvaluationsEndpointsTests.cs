using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class EvaluationsApp : ApiFactory;

public sealed class EvaluationsEndpointsTests(EvaluationsApp app) : IClassFixture<EvaluationsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_grouping_field_is_evaluated_into_three_documents()
    {
        var response = await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal("FeatureCollection", (string)body["consortia"]!["type"]!);
        Assert.Equal(300, body["practices"]!["features"]!.AsArray().Count);
        Assert.Equal(body["consortia"]!["features"]!.AsArray().Count, (int)body["report"]!["summary"]!["consortia"]!);
    }

    [Fact]
    public async Task The_overspend_risk_is_reported_under_the_options_risk_model()
    {
        async Task<JsonNode> Report(JsonObject? options)
        {
            var request = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" };
            if (options is not null) request["options"] = options;
            var response = await _client.PostAsync("/v1/evaluations", TestData.Json(request));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadJson())["report"]!;
        }

        var plain = await Report(null);
        var asked = (await Report(new JsonObject { ["risk"] = new JsonObject { ["cv"] = 6, ["reserves"] = new JsonArray(0.05) } }))["overspend_risk"]!;
        Assert.Equal(6, (double)asked["model"]!["per_patient_cv"]!);
        Assert.Equal([0.05], asked["model"]!["reserves"]!.AsArray().Select(r => (double)r!));
        Assert.NotEqual(6, (double)plain["overspend_risk"]!["model"]!["per_patient_cv"]!);
        // No transition: the plan is the grouping itself.
        Assert.Null(plain["transition"]);
    }

    [Fact]
    public async Task Options_only_a_search_uses_are_refused_each_by_name_not_ignored()
    {
        var request = new JsonObject
        {
            ["dataset"] = "region",
            ["group_by"] = "ccg_code",
            ["options"] = new JsonObject { ["count_min"] = 5, ["whole_councils"] = true, ["objective"] = new JsonObject { ["boundary"] = 1 }, ["seed"] = 3 },
        };
        var problem = await (await _client.PostAsync("/v1/evaluations", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).Order().ToArray();
        // The seed changes nothing a search would find here, so it is not refused; the three that shape a plan are.
        Assert.Equal(["count_min", "objective", "whole_councils"], fields);
        Assert.Contains("An evaluation measures the plan it is given", (string)problem["errors"]![0]!["message"]!);
        // whole_councils false and zero weights say nothing, and pass.
        request["options"] = new JsonObject { ["whole_councils"] = false, ["objective"] = new JsonObject { ["boundary"] = 0 } };
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/evaluations", TestData.Json(request))).StatusCode);
    }

    [Fact]
    public async Task The_consortia_layer_alone_is_geojson()
    {
        var response = await _client.PostAsync("/v1/evaluations?layer=consortia", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(), ["group_by"] = "ccg_code" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var layer = await response.ReadJson();
        Assert.Equal(2, layer["features"]!.AsArray().Count);
        // 6 × 25,000 = 150,000 patients each: within the default 100k–750k.
        Assert.All(layer["features"]!.AsArray(), f => Assert.True((bool)f!["properties"]!["within_bounds"]!));
    }

    [Fact]
    public async Task The_consortia_layer_sent_back_as_the_mapping_is_evaluated_as_the_same_plan()
    {
        var first = await (await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }))).ReadJson();
        // The consortia as a planner would send them back after editing them in QGIS: polygons named by "name".
        var drawn = first["consortia"]!.DeepClone();
        var response = await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["dataset"] = "region", ["mapping"] = drawn }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.ReadJson();
        static string[] ConsortiumOf(JsonNode body) => body["practices"]!["features"]!.AsArray()
            .Select(f => $"{f!["properties"]!["practice_code"]}={f["properties"]!["consortium"]}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ConsortiumOf(first), ConsortiumOf(second));
        Assert.Equal(first["report"]!["summary"]!.ToJsonString(), second["report"]!["summary"]!.ToJsonString());
    }

    [Fact]
    public async Task A_practice_outside_every_drawn_consortium_is_a_400_naming_it()
    {
        var drawn = JsonNode.Parse("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"consortium":"Tiny"},
             "geometry":{"type":"Polygon","coordinates":[[[-1.61,53.77],[-1.59,53.77],[-1.59,53.79],[-1.61,53.79],[-1.61,53.77]]]}}]}
            """)!;
        var problem = await (await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(), ["mapping"] = drawn })))
            .Problem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => (string)e!["where"]! == "practice T011" && ((string)e["message"]!).Contains("outside every consortium"));
        Assert.DoesNotContain(errors, e => (string)e!["where"]! == "practice T000");
    }

    [Fact]
    public async Task Practices_just_outside_a_drawn_consortium_join_it_and_the_report_says_which()
    {
        // Columns at longitudes -1.60 to -1.48; the polygon stops at -1.49, about 660 m short of the last column.
        var drawn = JsonNode.Parse("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"consortium":"All"},
             "geometry":{"type":"Polygon","coordinates":[[[-1.61,53.77],[-1.49,53.77],[-1.49,53.85],[-1.61,53.85],[-1.61,53.77]]]}}]}
            """)!;
        var response = await _client.PostAsync("/v1/evaluations?layer=report", TestData.Json(new JsonObject
        {
            ["practices"] = TestData.Grid(),
            ["mapping"] = drawn,
            ["options"] = new JsonObject { ["min"] = 50_000, ["max"] = 400_000 },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadJson();
        Assert.Equal(1, (int)report["summary"]!["consortia"]!);
        var text = report["warnings"]!.ToJsonString();
        foreach (var code in new[] { "T003", "T007", "T011" }) Assert.Contains($"practice {code}: lies outside every consortium of mapping", text);
        Assert.DoesNotContain("practice T002:", text);
    }

    [Fact]
    public async Task A_form_may_carry_the_mapping_as_the_csv_a_spreadsheet_saves()
    {
        var form = TestData.Multipart(TestData.GridCsv(), new JsonObject { ["min"] = 50_000, ["max"] = 400_000 });
        var csv = new StringBuilder("practice_code;consortium\r\n");
        for (int i = 0; i < TestData.Practices; i++) csv.Append($"T{i:000};\"{(i % 4 < 2 ? "West, Wolds" : "East")}\"\r\n");
        form.Add(new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), "mapping", "mapping.csv");
        var response = await _client.PostAsync("/v1/evaluations?layer=consortia", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = (await response.ReadJson())["features"]!.AsArray().Select(f => (string)f!["properties"]!["name"]!).Order(StringComparer.Ordinal);
        Assert.Equal(["East", "West, Wolds"], names);

        var bad = TestData.Multipart(TestData.GridCsv(), new JsonObject());
        bad.Add(new StringContent("practice_code,consortium\nT000\n", Encoding.UTF8, "text/csv"), "mapping", "mapping.csv");
        var problem = await (await _client.PostAsync("/v1/evaluations", bad)).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["where"]! == "line 2" && ((string)e["message"]!).Contains("Expected practice_code,consortium"));
    }

    [Fact]
    public async Task A_mapping_defines_the_plan_and_rule_breaches_are_reported()
    {
        var mapping = new JsonObject();
        for (int i = 0; i < TestData.Practices; i++) mapping[$"T{i:000}"] = i < 2 ? "Small" : "Large";
        var response = await _client.PostAsync("/v1/evaluations?layer=report", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(), ["mapping"] = mapping }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadJson();
        Assert.False((bool)report["summary"]!["meets_all_rules"]!);
        Assert.Equal(1, (int)report["summary"]!["breaking"]!["below_minimum"]!);
    }

    [Fact]
    public async Task A_mapping_as_a_list_of_pairs_is_accepted()
    {
        var mapping = new JsonArray();
        for (int i = 0; i < TestData.Practices; i++) mapping.Add(new JsonArray($"T{i:000}", "All"));
        var response = await _client.PostAsync("/v1/evaluations?layer=report", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(), ["mapping"] = mapping }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await response.ReadJson())["summary"]!["consortia"]!);
    }

    [Fact]
    public async Task A_mapping_that_misses_practices_is_a_400_naming_them()
    {
        var mapping = new JsonObject { ["T000"] = "A", ["ZZZ"] = "A" };
        var problem = await (await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(), ["mapping"] = mapping }))).Problem(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => (string?)e!["value"] == "ZZZ");
        Assert.Contains(errors, e => (string)e!["where"]! == "practice T011");
    }

    [Fact]
    public async Task An_evaluation_without_a_plan_is_a_400()
    {
        var problem = await (await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["dataset"] = "region" }))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("group_by", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_csv_upload_with_renamed_columns_is_evaluated()
    {
        var csv = TestData.GridCsv().Replace("practice_code,", "ods_code,").Replace(",ccg_code", ",ccg");
        var response = await _client.PostAsync("/v1/evaluations?layer=report", TestData.Multipart(csv, new JsonObject { ["fields"] = new JsonObject { ["code"] = "ods_code" }, ["group_by"] = "ccg" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)(await response.ReadJson())["summary"]!["consortia"]!);
    }

    [Fact]
    public async Task An_unknown_layer_is_a_400()
    {
        await (await _client.PostAsync("/v1/evaluations?layer=maps", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }))).Problem(HttpStatusCode.BadRequest);
    }
}
