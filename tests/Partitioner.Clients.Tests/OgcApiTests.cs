using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>
/// QGIS and GDAL read a finished job's plan from the OGC API Features endpoint by URL and from its GeoPackage download:
/// examples/qgis/check_ogc.py (PyQGIS: OAPIF provider in EPSG:4326, the items in EPSG:27700, the .gpkg; qgis:checkvalidity
/// on each) and ogrinfo (GDAL's OAPIF and GPKG drivers).
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed partial class OgcApiTests(ServerFixture server)
{
    private const string OgrInfo = "/usr/bin/ogrinfo";

    private string JobId => server.JobUrl[(server.JobUrl.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task Qgis_loads_the_consortia_from_the_ogc_api_in_both_crs_and_from_the_geopackage_with_every_polygon_valid()
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "qgis-ogc")).FullName;
        var headless = Tool.HeadlessQt(folder);
        await Tool.RequirePythonModulesAsync("qgis.core", "python3-qgis", headless);

        var result = await Tool.RunAsync(Tool.Python, [Repository.Path("examples", "qgis", "check_ogc.py"), server.BaseUrl, JobId],
            "python3-qgis", TimeSpan.FromMinutes(3), headless);
        var start = result.StandardOutput.IndexOf('{');
        Assert.True(start >= 0, $"check_ogc.py printed no JSON summary.\n{result}");
        var summary = JsonNode.Parse(result.StandardOutput[start..])!;
        Assert.True(result.ExitCode == 0 && summary["problems"]!.AsArray().Count == 0, result.ToString());

        foreach (var (layer, crs) in new[] { ("ogc_4326", "EPSG:4326"), ("ogc_27700", "EPSG:27700"), ("geopackage", "EPSG:27700") })
        {
            var s = summary[layer]!;
            Assert.Equal(crs, s["crs"]!.GetValue<string>());
            Assert.Equal(server.ConsortiumCount, s["features"]!.GetValue<int>());
            Assert.Equal(server.ConsortiumCount, s["validity"]!["valid"]!.GetValue<int>());
            Assert.Equal(0, s["validity"]!["invalid"]!.GetValue<int>());
            Assert.Equal(0, s["validity"]!["errors"]!.GetValue<int>());
            Assert.Contains(s["fields"]!["patients"]!.GetValue<string>(), new[] { "int", "qlonglong" });
            Assert.Equal("double", s["fields"]!["deprivation_dev_pct"]!.GetValue<string>());
            Assert.Equal("QString", s["fields"]!["name"]!.GetValue<string>());
            Assert.Equal("bool", s["fields"]!["within_bounds"]!.GetValue<string>());
        }
        // The same plan in both systems: British National Grid metres in England, degrees around it.
        var metres = summary["ogc_27700"]!["extent"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var degrees = summary["ogc_4326"]!["extent"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.InRange(metres[0], 0, 700_000);
        Assert.InRange(metres[1], 0, 1_300_000);
        Assert.InRange(degrees[0], -6.5, 2);
        Assert.InRange(degrees[1], 49, 56);
        Assert.Equal(summary["ogc_27700"]!["extent"]!.ToJsonString(), summary["geopackage"]!["extent"]!.ToJsonString());
    }

    [Fact]
    public async Task Ogrinfo_reads_both_layers_from_the_ogc_api_and_from_the_geopackage()
    {
        Tool.Require(OgrInfo, "gdal-bin");
        foreach (var (layer, count) in new[] { ("consortia", server.ConsortiumCount), ("practices", server.PracticeCount) })
        {
            var ogc = (await Tool.RunAsync(OgrInfo, ["-so", $"OAPIF:{server.BaseUrl}/ogc", $"job-{JobId}-{layer}"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
            Assert.Equal(count, FeatureCount(ogc));
            Assert.Contains(layer == "consortia" ? "Geometry: Multi Polygon" : "Geometry: Point", ogc.StandardOutput);
            AssertField(ogc, "patients", "Integer", "Integer64");
            AssertField(ogc, "deprivation", "Real");
        }

        var gpkg = Path.Combine(server.Scratch, "ogrinfo.gpkg");
        await File.WriteAllBytesAsync(gpkg, await server.Http.GetByteArrayAsync($"{server.JobUrl}/geopackage"));
        var consortia = (await Tool.RunAsync(OgrInfo, ["-so", gpkg, "consortia"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.Equal(server.ConsortiumCount, FeatureCount(consortia));
        Assert.Contains("Geometry: Multi Polygon", consortia.StandardOutput);
        Assert.Contains("ID[\"EPSG\",27700]", consortia.StandardOutput);
        AssertField(consortia, "name", "String");
        AssertField(consortia, "patients", "Integer64");
        AssertField(consortia, "deprivation_dev_pct", "Real");
        AssertField(consortia, "within_bounds", "Integer(Boolean)");
        var practices = (await Tool.RunAsync(OgrInfo, ["-so", gpkg, "practices"], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.Equal(server.PracticeCount, FeatureCount(practices));
        Assert.Contains("Geometry: Point", practices.StandardOutput);
        AssertField(practices, "practice_code", "String");
        AssertField(practices, "consortium", "String");
        // GDAL's own conformance check of the file (it warns on stderr about anything not per the GeoPackage standard).
        var all = (await Tool.RunAsync(OgrInfo, ["-ro", "-al", "-so", gpkg], "gdal-bin", TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.True(all.StandardError.Trim().Length == 0, $"ogrinfo warned about the GeoPackage.\n{all}");
    }

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
        Assert.True(types.Contains(match.Groups[1].Value), $"Field '{name}' is {match.Groups[1].Value}, expected {string.Join(" or ", types)}.\n{result}");
    }
}
