using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;
using Partitioner.Core.Solving;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.GeoJson;

/// <summary>The written layers open cleanly in the real GDAL and QGIS from Debian.</summary>
[Trait("Category", "Clients")]
public sealed class GisToolTests
{
    private static string WriteLayers(string practicesPath, string name)
    {
        var set = PracticeReader.ReadFile(practicesPath, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var study = Study.Prepare(set, new ConsortiumRules());
        var evaluation = study.Evaluate(Plan.FromGroups(study.Practices, "ccg_code"));
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-gis-{name}-{Environment.ProcessId}");
        study.WriteOutputs(dir, evaluation, new JsonObject { ["test"] = name });
        return dir;
    }

    private static void AssertQgisFindsEveryConsortiumValid(string dir, int expected)
    {
        var r = ExternalTool.Run("/usr/bin/qgis_process.bin", "qgis", ["run", "qgis:checkvalidity",
            $"--INPUT_LAYER={Path.Combine(dir, "consortia.geojson")}", "--METHOD=2",
            $"--VALID_OUTPUT={Path.Combine(dir, "valid.gpkg")}", $"--INVALID_OUTPUT={Path.Combine(dir, "invalid.gpkg")}", $"--ERROR_OUTPUT={Path.Combine(dir, "errors.gpkg")}"],
            ExternalTool.QgisEnvironment());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(new Regex(@"INVALID_COUNT:\s+0\b"), r.StandardOutput);
        Assert.Matches(new Regex(@"ERROR_COUNT:\s+0\b"), r.StandardOutput);
        Assert.Matches(new Regex($@"VALID_COUNT:\s+{expected}\b"), r.StandardOutput);
    }

    private static void AssertOgrinfoReadsTypedLayers(string dir, int consortia, int practices)
    {
        var c = ExternalTool.Run("/usr/bin/ogrinfo", "gdal-bin", ["-so", "-al", Path.Combine(dir, "consortia.geojson")]);
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.Contains($"Feature Count: {consortia}", c.StandardOutput);
        Assert.Contains("ID[\"EPSG\",4326]", c.StandardOutput);
        Assert.Matches(new Regex(@"patients: Integer"), c.StandardOutput);
        Assert.Matches(new Regex(@"deprivation: Real"), c.StandardOutput);
        Assert.Matches(new Regex(@"spend_per_patient: Real"), c.StandardOutput);
        Assert.Matches(new Regex(@"name: String"), c.StandardOutput);
        Assert.Matches(new Regex(@"contiguous: Integer\(Boolean\)"), c.StandardOutput);
        var p = ExternalTool.Run("/usr/bin/ogrinfo", "gdal-bin", ["-so", "-al", Path.Combine(dir, "practices.geojson")]);
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Contains($"Feature Count: {practices}", p.StandardOutput);
        Assert.Contains("Geometry: Point", p.StandardOutput);
        Assert.Matches(new Regex(@"consortium: String"), p.StandardOutput);
        Assert.Matches(new Regex(@"patients: Integer"), p.StandardOutput);
    }

    [Fact]
    public void Bundled_england_layers_are_valid_in_qgis_and_typed_in_ogrinfo()
    {
        var dir = WriteLayers(Path.Combine(Support.RealData.RepositoryRoot, "data", "england", "practices.csv"), "bundled");
        int consortia = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!["summary"]!["consortia"]!.GetValue<int>();
        AssertQgisFindsEveryConsortiumValid(dir, consortia);
        AssertOgrinfoReadsTypedLayers(dir, consortia, 7_500);
    }

    [RealDataFact]
    public void Real_2013_ccg_layers_are_valid_in_qgis_and_typed_in_ogrinfo()
    {
        var dir = WriteLayers(Support.RealData.Practices2014, "real");
        AssertQgisFindsEveryConsortiumValid(dir, 211);
        AssertOgrinfoReadsTypedLayers(dir, 211, 7_923);
    }
}
