using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>QGIS's own geometry checker (qgis_process, GEOS method) on the consortia layer downloaded from the server.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed partial class QgisValidityTests(ServerFixture server)
{
    [Fact]
    public async Task Qgis_finds_every_consortium_polygon_valid()
    {
        Tool.Require(Tool.QgisProcess, "qgis");
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "qgis-validity")).FullName;
        var consortia = Path.Combine(folder, "consortia.geojson");
        var practices = Path.Combine(folder, "practices.geojson");
        await File.WriteAllBytesAsync(consortia, await server.Http.GetByteArrayAsync(server.ConsortiaUrl));
        await File.WriteAllBytesAsync(practices, await server.Http.GetByteArrayAsync(server.PracticesUrl));
        Assert.Equal(server.ConsortiumCount, FeatureCount(consortia));
        Assert.Equal(server.PracticeCount, FeatureCount(practices));

        var result = (await Tool.RunAsync(Tool.QgisProcess,
            ["run", "qgis:checkvalidity", $"--INPUT_LAYER={consortia}", "--METHOD=2",
             $"--VALID_OUTPUT={Path.Combine(folder, "valid.gpkg")}",
             $"--INVALID_OUTPUT={Path.Combine(folder, "invalid.gpkg")}",
             $"--ERROR_OUTPUT={Path.Combine(folder, "errors.gpkg")}"],
            "qgis", TimeSpan.FromMinutes(3), Tool.HeadlessQt(folder))).EnsureSuccess();

        Assert.True(Count(result, "INVALID_COUNT") == 0, $"QGIS found invalid consortium polygons.\n{result}");
        Assert.True(Count(result, "ERROR_COUNT") == 0, $"QGIS found geometry errors.\n{result}");
        Assert.True(Count(result, "VALID_COUNT") == server.ConsortiumCount,
            $"Expected {server.ConsortiumCount} valid consortia (the report's count).\n{result}");
    }

    private static int FeatureCount(string geojson) =>
        JsonNode.Parse(File.ReadAllText(geojson))!["features"]!.AsArray().Count;

    private static int Count(ToolResult result, string name)
    {
        var match = Regex.Match(result.StandardOutput, $@"^{name}:\s*(\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"qgis_process printed no {name}.\n{result}");
        return int.Parse(match.Groups[1].Value);
    }
}
