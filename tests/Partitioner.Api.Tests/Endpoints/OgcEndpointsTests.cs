using System.Net;
using System.Text.Json.Nodes;

using Partitioner.Core.Coordinates;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class OgcApp : ApiFactory;

/// <summary>/ogc: OGC API Features over the bundled datasets and finished jobs.</summary>
public sealed class OgcEndpointsTests(OgcApp app) : IClassFixture<OgcApp>
{
    private const string Bng = "http://www.opengis.net/def/crs/EPSG/0/27700";
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private readonly HttpClient _client = app.CreateClient();

    private static string[] Rels(JsonNode doc) => [.. doc["links"]!.AsArray().Select(l => (string)l!["rel"]!)];

    [Fact]
    public async Task The_landing_page_links_the_api_definition_conformance_and_collections()
    {
        var landing = await _client.GetFromJson("/ogc");
        Assert.Subset(new HashSet<string>(Rels(landing)), new HashSet<string> { "self", "service-desc", "service-doc", "conformance", "data" });
        var conformance = await _client.GetFromJson("/ogc/conformance");
        var classes = conformance["conformsTo"]!.AsArray().Select(c => (string)c!).ToArray();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
    }

    [Fact]
    public async Task Collections_list_the_bundled_datasets_with_extent_item_type_title_and_crs()
    {
        var doc = await _client.GetFromJson("/ogc/collections");
        var region = doc["collections"]!.AsArray().Single(c => (string)c!["id"]! == "dataset-region-practices")!;
        Assert.Equal("feature", (string)region["itemType"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)region["title"]));
        var bbox = region["extent"]!["spatial"]!["bbox"]![0]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal(4, bbox.Length);
        Assert.True(bbox[0] < bbox[2] && bbox[1] < bbox[3]);
        Assert.InRange(bbox[1], 50, 56);
        Assert.Equal([Crs84, Bng], region["crs"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Contains("items", Rels(region));
        Assert.Contains(doc["collections"]!.AsArray(), c => (string)c!["id"]! == "dataset-region-boundary");
    }

    [Fact]
    public async Task Items_come_in_pages_with_counts_and_a_next_link_until_the_last()
    {
        var first = await _client.GetAsync("/ogc/collections/dataset-region-practices/items?limit=120");
        Assert.Equal("application/geo+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"<{Crs84}>", first.Headers.GetValues("Content-Crs").Single());
        var page = await first.ReadJson();
        Assert.Equal(300, (int)page["numberMatched"]!);
        Assert.Equal(120, (int)page["numberReturned"]!);
        Assert.Equal(120, page["features"]!.AsArray().Count);

        var seen = new HashSet<string>(page["features"]!.AsArray().Select(f => (string)f!["id"]!));
        var next = Next(page);
        while (next is not null)
        {
            page = await _client.GetFromJson(next);
            foreach (var f in page["features"]!.AsArray()) Assert.True(seen.Add((string)f!["id"]!), $"{f!["id"]} came twice");
            next = Next(page);
        }
        Assert.Equal(300, seen.Count);
        Assert.Equal(60, (int)page["numberReturned"]!);
        Assert.Contains("prev", Rels(page));
    }

    [Fact]
    public async Task A_bbox_keeps_only_the_features_inside_it_in_either_crs()
    {
        var all = (await _client.GetFromJson("/ogc/collections/dataset-region-practices/items?limit=1000"))["features"]!.AsArray();
        var lons = all.Select(f => (double)f!["geometry"]!["coordinates"]![0]!).Order().ToArray();
        var lats = all.Select(f => (double)f!["geometry"]!["coordinates"]![1]!).Order().ToArray();
        double midLon = lons[lons.Length / 2];
        int west = lons.Count(x => x <= midLon);
        var inside = await _client.GetFromJson(FormattableString.Invariant($"/ogc/collections/dataset-region-practices/items?limit=1000&bbox={lons[0] - 0.01},{lats[0] - 0.01},{midLon},{lats[^1] + 0.01}"));
        Assert.Equal(west, (int)inside["numberMatched"]!);
        Assert.All(inside["features"]!.AsArray(), f => Assert.True((double)f!["geometry"]!["coordinates"]![0]! <= midLon));

        // The same question in British National Grid metres, with the answer in metres too.
        var (e, n) = Core.Coordinates.BritishNationalGrid.FromWgs84(midLon, lats[lats.Length / 2]);
        var response = await _client.GetAsync(FormattableString.Invariant($"/ogc/collections/dataset-region-practices/items?limit=1000&bbox={e - 5000},{n - 5000},{e + 5000},{n + 5000}&bbox-crs={Bng}&crs={Bng}"));
        Assert.Equal($"<{Bng}>", response.Headers.GetValues("Content-Crs").Single());
        var near = await response.ReadJson();
        Assert.InRange((int)near["numberMatched"]!, 1, 299);
        Assert.All(near["features"]!.AsArray(), f =>
        {
            Assert.InRange((double)f!["geometry"]!["coordinates"]![0]!, e - 5000, e + 5000);
            Assert.InRange((double)f["geometry"]!["coordinates"]![1]!, n - 5000, n + 5000);
        });
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("bbox=3,2,1,4", "bbox")]
    [InlineData("crs=EPSG:3857", "crs")]
    [InlineData("bbox-crs=EPSG:3857&bbox=0,0,1,1", "bbox-crs")]
    [InlineData("colour=red", "colour")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string query, string field)
    {
        var problem = await (await _client.GetAsync($"/ogc/collections/dataset-region-practices/items?{query}")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["field"]! == field);
    }

    [Fact]
    public async Task Unknown_collections_and_features_are_404_problems()
    {
        await (await _client.GetAsync("/ogc/collections/job-nothing-consortia")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/ogc/collections/job-nothing-consortia/items")).Problem(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/ogc/collections/dataset-region-practices/items/NOPE")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_finished_job_is_served_as_two_collections_with_every_feature_by_id_and_in_british_national_grid()
    {
        var (response, body) = await _client.Submit(TestData.Json(TestData.GridRequest()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (string)status["state"]!);
        var id = (string)body["id"]!;
        var layer = await _client.GetFromJson($"/v1/jobs/{id}/consortia");

        var collections = (await _client.GetFromJson("/ogc/collections"))["collections"]!.AsArray().Select(c => (string)c!["id"]!).ToArray();
        Assert.Contains($"job-{id}-consortia", collections);
        Assert.Contains($"job-{id}-practices", collections);

        var items = await _client.GetFromJson($"/ogc/collections/job-{id}-consortia/items");
        Assert.Equal(layer["features"]!.AsArray().Count, (int)items["numberMatched"]!);
        var name = (string)layer["features"]![0]!["properties"]!["name"]!;
        var one = await _client.GetFromJson($"/ogc/collections/job-{id}-consortia/items/{Uri.EscapeDataString(name)}");
        Assert.Equal(name, (string)one["id"]!);
        Assert.Equal((long)layer["features"]![0]!["properties"]!["patients"]!, (long)one["properties"]!["patients"]!);
        Assert.Contains("collection", Rels(one));
        // A real column keeps its decimal point even when whole, so GIS readers keep it real.
        Assert.Contains(".", one["properties"]!["deprivation"]!.ToJsonString());

        var grid = await _client.GetAsync($"/ogc/collections/job-{id}-consortia/items/{Uri.EscapeDataString(name)}?crs={Uri.EscapeDataString(Bng)}");
        Assert.Equal($"<{Bng}>", grid.Headers.GetValues("Content-Crs").Single());
        var position = FirstPosition((await grid.ReadJson())["geometry"]!["coordinates"]!);
        Assert.InRange((double)position[0]!, 400_000, 450_000); // Leeds, in metres
        Assert.InRange((double)position[1]!, 420_000, 450_000);

        // Deleted jobs leave the API.
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v1/jobs/{id}")).StatusCode);
        await (await _client.GetAsync($"/ogc/collections/job-{id}-consortia/items")).Problem(HttpStatusCode.NotFound);
    }

    private static JsonArray FirstPosition(JsonNode coordinates)
    {
        var node = coordinates.AsArray();
        while (node[0] is JsonArray inner) node = inner;
        return node;
    }

    private static string? Next(JsonNode page) =>
        page["links"]!.AsArray().FirstOrDefault(l => (string)l!["rel"]! == "next")?["href"]?.GetValue<string>();
}
