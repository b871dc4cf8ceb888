using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class MapPageApp : ApiFactory;

/// <summary>The map page and the small endpoints it needs: the page itself, its vendored library, boundaries, GeoPackages.</summary>
public sealed class MapPageTests(MapPageApp app) : IClassFixture<MapPageApp>
{
    private readonly HttpClient _client = app.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task The_root_is_the_map_page_with_its_own_copy_of_the_map_library_and_the_docs_stay_at_docs()
    {
        var page = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("lib/leaflet/leaflet.js", html);
        Assert.DoesNotContain("https://", html);
        var leaflet = await _client.GetStringAsync("/lib/leaflet/leaflet.js");
        Assert.Contains("Leaflet 1.9.4", leaflet);
        Assert.Contains("BSD 2-Clause", await _client.GetStringAsync("/lib/leaflet/LICENSE.txt"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/js/main.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task A_datasets_boundary_is_a_wgs84_polygon_feature()
    {
        var response = await _client.GetAsync("/v1/datasets/region/boundary");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var geometry = (await response.ReadJson())["features"]![0]!["geometry"]!;
        Assert.Equal("MultiPolygon", (string)geometry["type"]!); // the mainland and the island
        var first = geometry["coordinates"]![0]![0]![0]!.AsArray();
        Assert.InRange((double)first[0]!, -3, 0);
        Assert.InRange((double)first[1]!, 53, 56);
        await (await _client.GetAsync("/v1/datasets/atlantis/boundary")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_jobs_geopackage_holds_both_layers_in_british_national_grid_or_wgs84_and_is_refused_while_running()
    {
        var (response, body) = await _client.Submit(TestData.Json(TestData.GridRequest()));
        var location = response.Headers.Location!.ToString();
        var early = await _client.GetAsync($"{location}/geopackage");
        if (early.StatusCode != HttpStatusCode.OK) await early.Problem(HttpStatusCode.Conflict);
        Assert.Equal("succeeded", (string)(await _client.WaitForJob(location))["state"]!);
        var consortia = (await _client.GetFromJson($"{location}/consortia"))["features"]!.AsArray().Count;

        foreach (var (query, srid) in new[] { ("", 27700L), ("?crs=EPSG:4326", 4326L) })
        {
            var download = await _client.GetAsync($"{location}/geopackage{query}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/geopackage+sqlite3", download.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".gpkg", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var path = Path.Combine(Path.GetTempPath(), $"api-test-{Guid.NewGuid():N}.gpkg");
            await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync());
            try
            {
                using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
                db.Open();
                Assert.Equal(srid, Scalar(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'consortia'"));
                Assert.Equal((long)consortia, Scalar(db, "SELECT count(*) FROM consortia"));
                Assert.Equal((long)TestData.Practices, Scalar(db, "SELECT count(*) FROM practices"));
            }
            finally
            {
                File.Delete(path);
            }
        }
        await (await _client.GetAsync($"{location}/geopackage?crs=EPSG:3857")).Problem(HttpStatusCode.BadRequest);
        await (await _client.GetAsync("/v1/jobs/nothing/geopackage")).Problem(HttpStatusCode.NotFound);
        Assert.NotNull(body["id"]);
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
