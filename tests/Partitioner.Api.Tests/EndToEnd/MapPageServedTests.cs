using System.Net;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>The real service started from another working directory (a temporary folder) still serves the map page.</summary>
public sealed class MapPageServedTests : IDisposable
{
    private readonly string _database = TestDatabase.NewPath("map-page");

    public void Dispose() => TestDatabase.Delete(_database);

    [Fact]
    public async Task The_map_page_and_its_library_are_served_whatever_the_working_directory()
    {
        using var server = await RealServer.StartAsync(_database);
        using var client = server.Client();
        var page = await client.GetAsync("/");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET / answered {(int)page.StatusCode}.\n{server.Log}");
        Assert.Contains("lib/leaflet/leaflet.js", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/leaflet/leaflet.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/js/planmap.js")).StatusCode);
    }
}
