using System.Text.Json.Nodes;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>examples/qgis/check_layers.py: PyQGIS loads both layers straight from their URLs and applies consortia.qml.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed class PyQgisTests(ServerFixture server)
{
    [Fact]
    public async Task Pyqgis_loads_both_layers_from_their_urls_with_the_right_counts_crs_fields_and_style()
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "pyqgis")).FullName;
        var headless = Tool.HeadlessQt(folder);
        await Tool.RequirePythonModulesAsync("qgis.core", "python3-qgis", headless);

        var result = await Tool.RunAsync(Tool.Python, [Repository.Path("examples", "qgis", "check_layers.py"), server.JobUrl],
            "python3-qgis", TimeSpan.FromMinutes(3), headless);

        // The script exits 1 and lists its problems when a check fails; the JSON says which.
        var summary = ParseSummary(result);
        Assert.True(result.ExitCode == 0 && summary["problems"]!.AsArray().Count == 0, result.ToString());

        var consortia = summary["consortia"]!;
        var practices = summary["practices"]!;
        Assert.True(consortia["valid"]!.GetValue<bool>(), result.ToString());
        Assert.True(practices["valid"]!.GetValue<bool>(), result.ToString());
        Assert.Equal(server.ConsortiumCount, consortia["features"]!.GetValue<int>());
        Assert.Equal(server.PracticeCount, practices["features"]!.GetValue<int>());
        Assert.Equal("EPSG:4326", consortia["crs"]!.GetValue<string>());
        Assert.Equal("EPSG:4326", practices["crs"]!.GetValue<string>());

        // QVariant type names: int or qlonglong for integers, double for reals, QString for text.
        Assert.Contains(Field(consortia, "patients"), new[] { "int", "qlonglong" });
        Assert.Equal("double", Field(consortia, "deprivation"));
        Assert.Equal("double", Field(consortia, "deprivation_dev_pct"));
        Assert.Equal("QString", Field(consortia, "name"));
        Assert.Contains(Field(practices, "patients"), new[] { "int", "qlonglong" });
        Assert.Equal("double", Field(practices, "deprivation"));
        Assert.Equal("QString", Field(practices, "practice_code"));
        Assert.Equal("QString", Field(practices, "consortium"));

        var style = summary["style"]!;
        Assert.True(style["loaded"]!.GetValue<bool>(), $"consortia.qml did not load: {style.ToJsonString()}");
        Assert.Equal("graduatedSymbol", style["renderer"]!.GetValue<string>());
        Assert.Equal("deprivation_dev_pct", style["attribute"]!.GetValue<string>());
        Assert.True(style["classes"]!.GetValue<int>() >= 3, style.ToJsonString());
        Assert.True(style["labels"]!.GetValue<bool>(), "The style's labels are not enabled.");
    }

    private static string Field(JsonNode layer, string name)
    {
        var type = layer["fields"]?[name];
        Assert.True(type is not null, $"Field '{name}' missing: {layer["fields"]?.ToJsonString()}");
        return type.GetValue<string>();
    }

    private static JsonNode ParseSummary(ToolResult result)
    {
        var start = result.StandardOutput.IndexOf('{');
        Assert.True(start >= 0, $"check_layers.py printed no JSON summary.\n{result}");
        try
        {
            return JsonNode.Parse(result.StandardOutput[start..])!;
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"check_layers.py printed invalid JSON ({e.Message}).\n{result}");
            throw;
        }
    }
}
