using System.Net;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class DatasetsApp : ApiFactory;

public sealed class DatasetsEndpointsTests(DatasetsApp app) : IClassFixture<DatasetsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_bundled_datasets_are_listed_with_their_size()
    {
        var list = (await (await _client.GetAsync("/v1/datasets")).ReadJson()).AsArray();
        var region = list.Single(d => (string)d!["name"]! == "region")!;
        Assert.Equal(300, (int)region["practices"]!);
        Assert.True((long)region["patients"]! > 1_000_000);
        Assert.False(string.IsNullOrWhiteSpace((string)region["description"]!));
        Assert.Contains(list, d => (string)d!["name"]! == "england" && (int)d["practices"]! == 7500);
    }

    [Fact]
    public async Task A_datasets_practices_are_a_geojson_feature_collection()
    {
        var response = await _client.GetAsync("/v1/datasets/region/practices");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var fc = await response.ReadJson();
        Assert.Equal(300, fc["features"]!.AsArray().Count);
        Assert.Equal("Point", (string)fc["features"]![0]!["geometry"]!["type"]!);
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_404_problem()
    {
        await (await _client.GetAsync("/v1/datasets/atlantis/practices")).Problem(HttpStatusCode.NotFound);
    }
}
