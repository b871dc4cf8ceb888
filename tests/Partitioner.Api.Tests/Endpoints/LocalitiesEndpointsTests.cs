using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class LocalitiesApp : ApiFactory;

public sealed class LocalitiesEndpointsTests(LocalitiesApp app) : IClassFixture<LocalitiesApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_consortium_is_split_into_localities_of_at_most_30000_patients_with_a_proof()
    {
        var response = await _client.PostAsync("/v1/localities/R01", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        var report = body["report"]!;
        Assert.Equal("optimal", (string)report["exact"]!["status"]!);
        var localities = body["consortia"]!["features"]!.AsArray();
        Assert.Equal((int)report["summary"]!["consortia"]!, localities.Count);
        // A proven split's count is the fewest possible, and the report says so.
        Assert.Equal(localities.Count, (int)report["exact"]!["count_bound"]!);
        foreach (var f in localities)
        {
            Assert.StartsWith("R01-L", (string)f!["properties"]!["name"]!);
            Assert.InRange((long)f["properties"]!["patients"]!, 1, 30_000);
            Assert.True((bool)f["properties"]!["contiguous"]!);
        }
        Assert.All(body["practices"]!["features"]!.AsArray(), p => Assert.Equal("R01", (string)p!["properties"]!["ccg_code"]!));
    }

    [Fact]
    public async Task A_balance_option_keeps_every_locality_within_its_tolerance()
    {
        // Without the rule the most compact split of R03 has a locality 54.5% less deprived than R03 as a whole.
        var request = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["balance"] = "deprivation=0.3" } };
        var response = await _client.PostAsync("/v1/localities/R03", TestData.Json(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal("optimal", (string)body["report"]!["exact"]!["status"]!);
        var localities = body["consortia"]!["features"]!.AsArray();
        Assert.NotEmpty(localities);
        Assert.All(localities, f => Assert.InRange((double)f!["properties"]!["deprivation_dev_pct"]!, -30.0 - 1e-6, 30.0 + 1e-6));
    }

    [Fact]
    public async Task The_options_time_limit_is_the_splits_and_level_options_are_refused()
    {
        var request = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["time_limit_seconds"] = 7 } };
        var response = await _client.PostAsync("/v1/localities/R01", TestData.Json(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (double)(await response.ReadJson())["report"]!["exact"]!["time_limit_seconds"]!);

        var levels = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["federations"] = new JsonObject { ["min"] = 500000 } } };
        var problem = await (await _client.PostAsync("/v1/localities/R01", TestData.Json(levels))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("federations", (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("splits one consortium", (string)problem["errors"]![0]!["message"]!);

        // The split takes min, max and balance; a share rule would be ignored, so it is refused.
        var share = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["deprived_share"] = 0.3 } };
        problem = await (await _client.PostAsync("/v1/localities/R01", TestData.Json(share))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("deprived_share", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_missing_score_is_left_out_unless_the_options_say_otherwise()
    {
        var practices = TestData.Grid(edit: (i, p) => { if (i == 1) p["imd_score"] = null; return p; });
        JsonObject Request(string? missing)
        {
            var options = new JsonObject { ["min"] = 20_000, ["max"] = 60_000, ["balance"] = "deprivation=0.5" };
            if (missing is not null) options["missing"] = missing;
            return new JsonObject { ["practices"] = practices.DeepClone(), ["group_by"] = "ccg_code", ["options"] = options };
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/localities/WEST", TestData.Json(Request(null)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/localities/WEST", TestData.Json(Request("mean")))).StatusCode);
        var problem = await (await _client.PostAsync("/v1/localities/WEST", TestData.Json(Request("error")))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("deprivation", problem.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_consortium_is_a_400_naming_it()
    {
        var problem = await (await _client.PostAsync("/v1/localities/NOPE", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("No practice has ccg_code = 'NOPE'", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task The_grouping_property_must_be_given()
    {
        var noGroup = await (await _client.PostAsync("/v1/localities/R01", TestData.Json(new JsonObject { ["dataset"] = "region" }))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("group_by", (string)noGroup["errors"]![0]!["message"]!);
    }
}
