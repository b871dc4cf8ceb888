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

        // The levels above the consortia load too, each nested in the next.
        foreach (var (layer, level) in new[] { ("federations", 1), ("agencies", 2) })
        {
            var described = summary["levels"]![layer]!;
            Assert.True(described["valid"]!.GetValue<bool>(), result.ToString());
            Assert.Equal(server.Report["levels"]![level]!["count"]!.GetValue<int>(), described["features"]!.GetValue<int>());
            Assert.True(described["nested"]!.GetValue<bool>(), result.ToString());
            Assert.Equal("double", Field(described, "overspend_risk_1pct"));
        }
    }

    [Fact]
    public async Task Pyqgis_loads_a_jobs_localities_layer_nested_in_its_consortia_with_every_practice_in_one_locality()
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "pyqgis-localities")).FullName;
        var headless = Tool.HeadlessQt(folder);
        await Tool.RequirePythonModulesAsync("qgis.core", "python3-qgis", headless);
        var jobUrl = await server.RunJobAsync(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject
            {
                ["seed"] = 1, ["max_steps"] = 20_000, ["restarts"] = 2, ["mode"] = "best_effort", ["time_limit_seconds"] = 10,
                ["federations"] = new JsonObject { ["min"] = 500_000 }, ["localities"] = 30_000,
            },
        });
        var report = JsonNode.Parse(await server.Http.GetStringAsync(jobUrl + "/report"))!;
        var locality = report["levels"]!.AsArray().Single(l => l!["level"]!.GetValue<string>() == "locality")!;

        var result = await Tool.RunAsync(Tool.Python, [Repository.Path("examples", "qgis", "check_layers.py"), jobUrl],
            "python3-qgis", TimeSpan.FromMinutes(3), headless);
        var summary = ParseSummary(result);
        Assert.True(result.ExitCode == 0 && summary["problems"]!.AsArray().Count == 0, result.ToString());
        var localities = summary["localities"]!;
        Assert.True(localities["valid"]!.GetValue<bool>(), result.ToString());
        Assert.Equal(locality["count"]!.GetValue<int>(), localities["features"]!.GetValue<int>());
        Assert.True(localities["features"]!.GetValue<int>() > report["summary"]!["consortia"]!.GetValue<int>(), result.ToString());
        Assert.True(localities["nested"]!.GetValue<bool>(), result.ToString());
        Assert.Equal(0, localities["over_maximum"]!.GetValue<int>());
        Assert.Equal("QString", Field(localities, "consortium"));
        Assert.Contains(Field(localities, "patients"), new[] { "int", "qlonglong" });
        Assert.Equal("QString", Field(summary["practices"]!, "locality"));
    }

    [RealDataFact]
    public async Task Real_england_localities_consortia_and_federations_from_one_job_load_in_qgis_each_contiguous_and_within_bounds()
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "pyqgis-real")).FullName;
        var headless = Tool.HeadlessQt(folder);
        await Tool.RequirePythonModulesAsync("qgis.core", "python3-qgis", headless);
        // Real England 2014/15, as a planner would upload it, in one job: localities of at most 30,000 inside the
        // consortia, and federations of at least 500,000 above them.
        var options = "{\"time_limit_seconds\": 30, \"restarts\": 2, \"federations\": {\"min\": 500000}, \"localities\": 30000}";
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(RealData.Practices2014));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var jobUrl = await server.RunJobAsync(content, "?options=" + Uri.EscapeDataString(options), TimeSpan.FromMinutes(6));
        var report = JsonNode.Parse(await server.Http.GetStringAsync(jobUrl + "/report"))!;

        // A locality may exceed 30,000 only as a single practice above it (the level's maximum is raised to that practice).
        var largestPractice = RealData.LargestListSize2014();
        var bounds = new Dictionary<string, (double Min, double Max)>
        {
            ["locality"] = (1, largestPractice), ["consortium"] = (100_000, 750_000), ["federation"] = (500_000, 2_000_000),
        };
        var levels = report["levels"]!.AsArray();
        Assert.Equal(["locality", "consortium", "federation"], levels.Select(l => l!["level"]!.GetValue<string>()).ToArray());
        foreach (var level in levels)
        {
            var name = level!["level"]!.GetValue<string>();
            Assert.Equal(level["count"]!.GetValue<int>(), level["contiguous"]!.GetValue<int>());
            Assert.Equal(level["count"]!.GetValue<int>(), level["within_population_bounds"]!.GetValue<int>());
            Assert.InRange(level["smallest_patients"]!.GetValue<double>(), bounds[name].Min, bounds[name].Max);
            Assert.InRange(level["largest_patients"]!.GetValue<double>(), bounds[name].Min, bounds[name].Max);
        }

        var result = await Tool.RunAsync(Tool.Python, [Repository.Path("examples", "qgis", "check_layers.py"), jobUrl],
            "python3-qgis", TimeSpan.FromMinutes(3), headless);
        var summary = ParseSummary(result);
        Assert.True(result.ExitCode == 0 && summary["problems"]!.AsArray().Count == 0, result.ToString());
        Assert.Equal(7_923, summary["practices"]!["features"]!.GetValue<int>());
        Assert.True(summary["levels"]!["federations"]!["nested"]!.GetValue<bool>(), result.ToString());
        Assert.True(summary["localities"]!["nested"]!.GetValue<bool>(), result.ToString());
        Assert.Equal(0, summary["localities"]!["over_maximum"]!.GetValue<int>());
        Assert.Equal(levels[0]!["count"]!.GetValue<int>(), summary["localities"]!["features"]!.GetValue<int>());
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
