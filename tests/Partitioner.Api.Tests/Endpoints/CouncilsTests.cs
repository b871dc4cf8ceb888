using System.Net;

namespace Partitioner.Api.Tests.Endpoints;

/// <summary>A data directory with one dataset, "shire", whose councils.geojson holds two councils, and "flat", whose councils are points.</summary>
public sealed class CouncilsApp() : ApiFactory(new() { ["DataDirectory"] = CouncilsData.Create() })
{
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(CouncilsData.Folder, recursive: true); } catch (IOException) { }
    }
}

internal static class CouncilsData
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"partitioner-councils-{Guid.NewGuid():N}");

    private const string TwoCouncils = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"West","la_code":"E07000001"},"geometry":{"type":"Polygon","coordinates":[[[-1.7,53.7],[-1.5,53.7],[-1.5,53.9],[-1.7,53.9],[-1.7,53.7]]]}},
          {"type":"Feature","properties":{"name":"East","la_code":"E07000002"},"geometry":{"type":"Polygon","coordinates":[[[-1.5,53.7],[-1.4,53.7],[-1.4,53.9],[-1.5,53.9],[-1.5,53.7]]]}}]}
        """;

    private const string PointCouncil = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Dot"},"geometry":{"type":"Point","coordinates":[-1.5,53.8]}}]}
        """;

    public static string Create()
    {
        foreach (var (name, councils) in new[] { ("shire", TwoCouncils), ("flat", PointCouncil) })
        {
            var dir = Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;
            File.WriteAllText(Path.Combine(dir, "practices.geojson"), TestData.Grid().ToJsonString());
            File.WriteAllText(Path.Combine(dir, "councils.geojson"), councils);
        }
        return Folder;
    }
}

public sealed class CouncilsTests(CouncilsApp app) : IClassFixture<CouncilsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_dataset_with_councils_lists_them_and_serves_them_as_geojson_and_as_an_ogc_collection()
    {
        var list = (await _client.GetFromJson("/v1/datasets")).AsArray();
        var shire = list.Single(d => (string)d!["name"]! == "shire")!;
        Assert.Equal("/v1/datasets/shire/councils", (string)shire["councils_url"]!);
        Assert.False((bool)shire["has_boundary"]!);

        var councils = await _client.GetAsync("/v1/datasets/shire/councils");
        Assert.Equal("application/geo+json", councils.Content.Headers.ContentType?.MediaType);
        var features = (await councils.ReadJson())["features"]!.AsArray();
        Assert.Equal(["West", "East"], features.Select(f => (string)f!["properties"]!["name"]!));
        Assert.Equal("E07000001", (string)features[0]!["properties"]!["la_code"]!);

        var items = await _client.GetFromJson("/ogc/collections/dataset-shire-councils/items");
        Assert.Equal(2, (int)items["numberMatched"]!);
    }

    [Fact]
    public async Task Councils_that_are_not_polygons_are_refused_with_a_message_and_a_dataset_without_any_is_a_404()
    {
        var problem = await (await _client.GetAsync("/v1/datasets/flat/councils")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("Polygon", problem.ToJsonString());
        await (await _client.GetAsync("/v1/datasets/atlantis/councils")).Problem(HttpStatusCode.NotFound);
    }
}
