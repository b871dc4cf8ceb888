using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>GDAL's ogrinfo and ogr2ogr read the layers straight from their URLs and convert them to a GeoPackage.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed partial class GdalTests(ServerFixture server)
{
    private const string OgrInfo = "/usr/bin/ogrinfo";
    private const string Ogr2Ogr = "/usr/bin/ogr2ogr";

    [Fact]
    public async Task Ogrinfo_reads_both_layers_from_their_urls_with_the_expected_fields()
    {
        Tool.Require(OgrInfo, "gdal-bin");

        var consortia = await InfoAsync(server.ConsortiaUrl);
        Assert.True(FeatureCount(consortia) == server.ConsortiumCount, consortia.ToString());
        AssertField(consortia, "name", "String");
        AssertField(consortia, "patients", "Integer", "Integer64");
        AssertField(consortia, "practices", "Integer", "Integer64");
        AssertField(consortia, "deprivation", "Real");
        AssertField(consortia, "deprivation_dev_pct", "Real");
        AssertField(consortia, "spend_dev_pct", "Real");
        AssertField(consortia, "rules_broken", "Integer", "Integer64");
        AssertField(consortia, "within_bounds", "Integer(Boolean)");
        Assert.True(consortia.StandardOutput.Contains("ID[\"EPSG\",4326]"), consortia.ToString());

        var practices = await InfoAsync(server.PracticesUrl);
        Assert.True(FeatureCount(practices) == server.PracticeCount, practices.ToString());
        Assert.True(practices.StandardOutput.Contains("Geometry: Point"), practices.ToString());
        AssertField(practices, "practice_code", "String");
        AssertField(practices, "consortium", "String");
        AssertField(practices, "patients", "Integer", "Integer64");
        AssertField(practices, "deprivation", "Real");
        AssertField(practices, "spend", "Real");
        Assert.True(practices.StandardOutput.Contains("ID[\"EPSG\",4326]"), practices.ToString());
    }

    [Fact]
    public async Task Ogr2ogr_converts_both_layers_from_their_urls_to_a_geopackage_with_the_same_counts()
    {
        Tool.Require(Ogr2Ogr, "gdal-bin");
        Tool.Require(OgrInfo, "gdal-bin");
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "gdal")).FullName;
        var gpkg = Path.Combine(folder, "plan.gpkg");

        (await Tool.RunAsync(Ogr2Ogr, ["-f", "GPKG", gpkg, server.ConsortiaUrl, "-nln", "consortia", "-nlt", "PROMOTE_TO_MULTI"],
            "gdal-bin", TimeSpan.FromMinutes(2))).EnsureSuccess();
        (await Tool.RunAsync(Ogr2Ogr, ["-f", "GPKG", "-update", gpkg, server.PracticesUrl, "-nln", "practices"],
            "gdal-bin", TimeSpan.FromMinutes(2))).EnsureSuccess();

        var consortia = (await Tool.RunAsync(OgrInfo, ["-so", gpkg, "consortia"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.True(FeatureCount(consortia) == server.ConsortiumCount, consortia.ToString());
        // The GeoJSON layer mixes Polygon and MultiPolygon (a consortium joined across a bridge has two pieces), so
        // the GeoPackage layer is declared "Unknown (any)"; PROMOTE_TO_MULTI makes every feature a MultiPolygon.
        var geometries = (await Tool.RunAsync(OgrInfo, ["-ro", "-geom=SUMMARY", gpkg, "consortia"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        var types = Regex.Matches(geometries.StandardOutput, @"^  ([A-Z]+) : ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(types.Count == server.ConsortiumCount && types.All(t => t == "MULTIPOLYGON"),
            $"Expected {server.ConsortiumCount} MULTIPOLYGON features, got [{string.Join(", ", types)}].\n{geometries}");
        AssertField(consortia, "patients", "Integer", "Integer64");
        AssertField(consortia, "deprivation_dev_pct", "Real");

        var practices = (await Tool.RunAsync(OgrInfo, ["-so", gpkg, "practices"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.True(FeatureCount(practices) == server.PracticeCount, practices.ToString());
        Assert.True(practices.StandardOutput.Contains("Geometry: Point"), practices.ToString());
        AssertField(practices, "consortium", "String");
    }

    [Fact]
    public async Task A_consortia_layer_saved_again_by_ogr2ogr_is_evaluated_by_the_service_as_the_job_s_plan()
    {
        Tool.Require(Ogr2Ogr, "gdal-bin");
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "gdal-drawn")).FullName;
        var drawn = Path.Combine(folder, "drawn.geojson");
        // As a GIS user saves the layer after editing it: GDAL's own GeoJSON writer, RFC 7946 layout, its own precision.
        (await Tool.RunAsync(Ogr2Ogr, ["-f", "GeoJSON", "-lco", "RFC7946=YES", drawn, server.ConsortiaUrl], "gdal-bin", TimeSpan.FromMinutes(2))).EnsureSuccess();
        var request = new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject { ["min"] = 100_000, ["max"] = 750_000 },
            ["mapping"] = JsonNode.Parse(File.ReadAllText(drawn)),
        };
        using var response = await server.Http.PostAsJsonAsync($"{server.BaseUrl}/v1/evaluations", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/evaluations returned {(int)response.StatusCode}: {body}");
        var evaluated = JsonNode.Parse(body)!;
        var job = JsonNode.Parse(await server.Http.GetStringAsync(server.PracticesUrl))!;
        static string[] ConsortiumOf(JsonNode layer) => layer["features"]!.AsArray()
            .Select(f => $"{f!["properties"]!["practice_code"]}={f["properties"]!["consortium"]}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ConsortiumOf(job), ConsortiumOf(evaluated["practices"]!));
    }

    [Fact]
    public async Task A_consortia_layer_saved_by_ogr2ogr_as_a_british_national_grid_geopackage_reads_back_as_the_job_s_plan()
    {
        Tool.Require(Ogr2Ogr, "gdal-bin");
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "gdal-gpkg")).FullName;
        var gpkg = Path.Combine(folder, "edited.gpkg");
        // As QGIS users keep a layer: GDAL's GeoPackage writer (its own fid, R-tree index and column types), in EPSG:27700.
        (await Tool.RunAsync(Ogr2Ogr, ["-f", "GPKG", "-t_srs", "EPSG:27700", "-nln", "consortia", gpkg, server.ConsortiaUrl],
            "gdal-bin", TimeSpan.FromMinutes(2))).EnsureSuccess();
        var practices = Partitioner.Core.Practices.PracticeReader.ReadFile(Repository.Path("data", "region", "practices.geojson"));
        var plan = Partitioner.Core.Plans.Plan.FromFile(practices, gpkg, out _);
        var job = JsonNode.Parse(await server.Http.GetStringAsync(server.PracticesUrl))!;
        var expected = job["features"]!.AsArray()
            .Select(f => $"{f!["properties"]!["practice_code"]}={f["properties"]!["consortium"]}").Order(StringComparer.Ordinal);
        var actual = Enumerable.Range(0, practices.Count)
            .Select(i => $"{practices[i].Code}={plan.ConsortiumNames[plan.ConsortiumOf[i]]}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static async Task<ToolResult> InfoAsync(string url) =>
        (await Tool.RunAsync(OgrInfo, ["-so", "-al", url], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();

    private static int FeatureCount(ToolResult result)
    {
        var match = Regex.Match(result.StandardOutput, @"^Feature Count: (\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"ogrinfo printed no feature count.\n{result}");
        return int.Parse(match.Groups[1].Value);
    }

    private static void AssertField(ToolResult result, string name, params string[] types)
    {
        var match = Regex.Match(result.StandardOutput, $@"^{Regex.Escape(name)}: (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"ogrinfo shows no field '{name}'.\n{result}");
        Assert.True(types.Contains(match.Groups[1].Value),
            $"Field '{name}' is {match.Groups[1].Value}, expected {string.Join(" or ", types)}.\n{result}");
    }
}
