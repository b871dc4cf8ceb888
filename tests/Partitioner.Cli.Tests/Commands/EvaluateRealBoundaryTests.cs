using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO.Converters;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Cli.Tests.Commands;

/// <summary><c>evaluate</c> of the real 2013 CCG map drawn inside the real (generalised) 2013 CCG boundary.</summary>
public sealed class EvaluateRealBoundaryTests
{
    private static FeatureCollection ReadLayer(string path)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), options)!;
    }

    [RealDataFact]
    public void The_real_ccg_map_inside_the_real_boundary_writes_valid_layers_without_hairline_gaps()
    {
        var dir = CliRun.TempDir("eval-real-boundary");
        var r = CliRun.Run("evaluate", RealData.Practices2014, "--group-by", "ccg_code", "--boundary", RealData.CcgBoundaries2013, "--out", dir);
        Assert.True(r.ExitCode is 0 or 3, r.ToString());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

        var consortia = ReadLayer(Path.Combine(dir, "consortia.geojson"));
        var practices = ReadLayer(Path.Combine(dir, "practices.geojson"));
        Assert.Equal(211, consortia.Count);
        Assert.True(practices.Count > 7_700, $"{practices.Count} practices");
        Assert.All(consortia, f => Assert.True(f.Geometry.IsValid, $"consortium {f.Attributes["name"]} is not a valid polygon"));
        Assert.All(practices, f => Assert.True(f.Geometry is Point { IsValid: true }));

        // A hole in a consortium must be another consortium's land or a hole of the study area itself;
        // anything else is a gap between the consortium's own cells.
        var boundary = ReadLayer(RealData.CcgBoundaries2013);
        var studyArea = boundary.Select(f => PreparedGeometryFactory.Prepare(NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(f.Geometry))).ToArray();
        var others = consortia.Select(f => (Name: (string)f.Attributes["name"], Area: PreparedGeometryFactory.Prepare(f.Geometry))).ToArray();
        var gaps = new List<string>();
        int holes = 0;
        foreach (var f in consortia)
        {
            for (int g = 0; g < f.Geometry.NumGeometries; g++)
            {
                var polygon = (Polygon)f.Geometry.GetGeometryN(g);
                foreach (var ring in polygon.InteriorRings)
                {
                    holes++;
                    var hole = polygon.Factory.CreatePolygon(ring.Coordinates);
                    var inside = hole.InteriorPoint;
                    bool anotherConsortium = others.Any(o => o.Name != (string)f.Attributes["name"] && o.Area.Intersects(inside));
                    if (!anotherConsortium && studyArea.Any(a => a.Intersects(inside)))
                        gaps.Add($"{f.Attributes["name"]}: hole of {hole.Area * 1e10:0.#} (deg² × 1e10) near {inside.Coordinate}");
                }
            }
        }
        Assert.True(gaps.Count == 0, $"{gaps.Count} of {holes} holes are gaps between a consortium's own cells:\n{string.Join("\n", gaps.Take(20))}");
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_exits_with_5_and_leaves_no_partial_layer()
    {
        var dir = CliRun.TempDir("eval-unwritable");
        var blocker = Path.Combine(dir, "not-a-folder");
        File.WriteAllText(blocker, "");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--out", Path.Combine(blocker, "out"));
        Assert.True(r.ExitCode == 5, r.ToString());
        Assert.Contains("Could not write", r.StandardError);
        Assert.Single(Directory.GetFileSystemEntries(dir));
    }
}
