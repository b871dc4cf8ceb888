using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Core.Ensembles;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>The ensemble's map layers open cleanly in the real GDAL and QGIS from Debian, with typed fields to style by.</summary>
[Trait("Category", "Clients")]
public sealed class EnsembleLayersGisTests
{
    [Fact]
    public void Stable_cores_and_coassignment_layers_are_valid_in_qgis_and_typed_in_ogrinfo()
    {
        var study = RegionEnsembles.Study;
        var ensemble = EnsembleSampler.Sample(study, RegionEnsembles.Options());
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-ensemble-gis-{Environment.ProcessId}");
        EnsembleFiles.Write(dir, ensemble, study, new JsonObject { ["test"] = "gis" });
        int cores = StableCores.Find(ensemble).Count;
        Assert.True(cores > 0);

        var c = ExternalTool.Run("/usr/bin/ogrinfo", "gdal-bin", ["-so", "-al", Path.Combine(dir, EnsembleFiles.Cores)]);
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.Contains($"Feature Count: {cores}", c.StandardOutput);
        Assert.Contains("ID[\"EPSG\",4326]", c.StandardOutput);
        Assert.Matches(new Regex(@"Geometry: (Multi Polygon|Polygon|Unknown \(any\))"), c.StandardOutput);
        Assert.Matches(new Regex(@"together_pct: Real"), c.StandardOutput);
        Assert.Matches(new Regex(@"practices: Integer"), c.StandardOutput);
        Assert.Matches(new Regex(@"core: String"), c.StandardOutput);

        var l = ExternalTool.Run("/usr/bin/ogrinfo", "gdal-bin", ["-so", "-al", Path.Combine(dir, EnsembleFiles.CoAssignmentLayer)]);
        Assert.True(l.ExitCode == 0, l.ToString());
        Assert.Contains($"Feature Count: {ensemble.Together.Length}", l.StandardOutput);
        Assert.Contains("Geometry: Line String", l.StandardOutput);
        Assert.Matches(new Regex(@"together_pct: Real"), l.StandardOutput);

        var q = ExternalTool.Run("/usr/bin/qgis_process.bin", "qgis", ["run", "qgis:checkvalidity",
            $"--INPUT_LAYER={Path.Combine(dir, EnsembleFiles.Cores)}", "--METHOD=2",
            $"--VALID_OUTPUT={Path.Combine(dir, "valid.gpkg")}", $"--INVALID_OUTPUT={Path.Combine(dir, "invalid.gpkg")}", $"--ERROR_OUTPUT={Path.Combine(dir, "errors.gpkg")}"],
            ExternalTool.QgisEnvironment());
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.Matches(new Regex(@"INVALID_COUNT:\s+0\b"), q.StandardOutput);
        Assert.Matches(new Regex($@"VALID_COUNT:\s+{cores}\b"), q.StandardOutput);
    }
}
