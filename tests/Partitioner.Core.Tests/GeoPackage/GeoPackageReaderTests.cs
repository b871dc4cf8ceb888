using System.Text;
using Microsoft.Data.Sqlite;
using Partitioner.Core.Councils;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Geography;
using Partitioner.Core.Layers;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.GeoPackage;

public sealed class GeoPackageReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpkg-read").FullName;

    private const string Drawn = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"name":"West","patients":5},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.5],[-2.0,52.4]]]}},
         {"type":"Feature","properties":{"name":"East","patients":7},"geometry":{"type":"MultiPolygon","coordinates":[[[[-1.9,52.4],[-1.8,52.4],[-1.8,52.5],[-1.9,52.5],[-1.9,52.4]]]]}}]}
        """;

    private static readonly PracticeSet Practices =
        TestPractices.FromCsv("practice_code,lon,lat,list_size\nW1,-1.95,52.45,1000\nE1,-1.85,52.45,1000\nW2,-1.99,52.41,1000\nE2,-1.81,52.49,1000\n");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string file, OutputCrs crs, params (string Name, string Json)[] layers)
    {
        var path = Path.Combine(_dir, file);
        GeoPackageWriter.Write(path, [.. layers.Select(l => FeatureLayerReader.Read(Encoding.UTF8.GetBytes(l.Json), l.Name, l.Name))], crs);
        return path;
    }

    private static string[] Consortia(Plan plan) => [.. Enumerable.Range(0, Practices.Count).Select(i => plan.ConsortiumNames[plan.ConsortiumOf[i]])];

    [Theory]
    [InlineData(OutputCrs.Wgs84)]
    [InlineData(OutputCrs.BritishNationalGrid)]
    public void A_consortia_layer_in_a_geopackage_is_the_same_proposal_as_its_geojson(OutputCrs crs)
    {
        var geojson = Path.Combine(_dir, "drawn.geojson");
        File.WriteAllText(geojson, Drawn);
        var gpkg = Write("plan.gpkg", crs, ("consortia", Drawn), ("boundary", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"all"},"geometry":{"type":"Polygon","coordinates":[[[-3,52],[-1,52],[-1,53],[-3,53],[-3,52]]]}}]}"""));
        Assert.True(GeoPackageReader.IsGeoPackage(gpkg));
        Assert.False(GeoPackageReader.IsGeoPackage(geojson));
        var fromGpkg = Plan.FromFile(Practices, gpkg, out _);
        Assert.Equal(["West", "East", "West", "East"], Consortia(fromGpkg));
        Assert.Equal(Consortia(Plan.FromFile(Practices, geojson, out _)), Consortia(fromGpkg));
        var layer = GeoPackageReader.ReadPolygons(gpkg, "consortium");
        Assert.Equal("consortia", layer.Name);
        Assert.Equal([("name", FieldType.Text), ("patients", FieldType.Integer)], layer.Fields.Select(f => (f.Name, f.Type)));
        Assert.Equal(7L, layer.Features[1].Values[1]);
    }

    [Fact]
    public void The_only_polygon_layer_is_read_whatever_its_name_and_two_unnamed_ones_are_refused()
    {
        var one = Write("one.gpkg", OutputCrs.Wgs84, ("my_edit", Drawn));
        Assert.Equal(["West", "East", "West", "East"], Consortia(Plan.FromFile(Practices, one, out _)));
        var two = Write("two.gpkg", OutputCrs.Wgs84, ("draft_a", Drawn), ("draft_b", Drawn));
        var e = Assert.Throws<InputException>(() => Plan.FromFile(Practices, two, out _));
        var problem = Assert.Single(e.Problems);
        Assert.Contains("draft_a", problem.Value);
        Assert.Contains("none is named consortia", problem.Message);
    }

    [Fact]
    public void A_layer_in_another_crs_or_a_damaged_file_is_refused_saying_what_to_do()
    {
        var other = Write("mercator.gpkg", OutputCrs.Wgs84, ("consortia", Drawn));
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = other, Pooling = false }.ToString()))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA foreign_keys = OFF; UPDATE gpkg_geometry_columns SET srs_id = 3857";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<InputException>(() => Plan.FromFile(Practices, other, out _));
        Assert.Contains("EPSG:3857", e.Problems[0].Message);
        Assert.Contains("EPSG:4326", e.Problems[0].Message);

        var damaged = Path.Combine(_dir, "damaged.gpkg");
        var bytes = File.ReadAllBytes(Write("whole.gpkg", OutputCrs.Wgs84, ("consortia", Drawn)));
        File.WriteAllBytes(damaged, bytes[..4096]);
        var d = Assert.Throws<InputException>(() => Plan.FromFile(Practices, damaged, out _));
        Assert.Contains("GeoPackage", d.Problems[0].Message);
    }

    [Fact]
    public void The_bundled_councils_saved_as_a_geopackage_give_every_practice_the_same_council()
    {
        var folder = Path.Combine(Support.RealData.RepositoryRoot, "data", "region");
        var practices = PracticeReader.ReadFile(Path.Combine(folder, "practices.geojson"));
        var geojson = Path.Combine(folder, "councils.geojson");
        var gpkg = Write("councils.gpkg", OutputCrs.BritishNationalGrid, ("councils", File.ReadAllText(geojson)));
        var a = CouncilAssignment.FromPolygons(practices, AreaMap.ReadFile(geojson, AreaKind.Council));
        var b = CouncilAssignment.FromPolygons(practices, AreaMap.ReadFile(gpkg, AreaKind.Council));
        Assert.Equal(a.Codes, b.Codes);
        Assert.Equal(a.CouncilOf, b.CouncilOf);
        Assert.Equal(a.Names, b.Names);
    }

    [Theory]
    [InlineData(OutputCrs.Wgs84)]
    [InlineData(OutputCrs.BritishNationalGrid)]
    public void Practices_in_a_geopackage_read_as_the_same_practices_as_their_geojson(OutputCrs crs)
    {
        var geojson = Path.Combine(Support.RealData.RepositoryRoot, "data", "region", "practices.geojson");
        var gpkg = Write("practices.gpkg", crs, ("practices", File.ReadAllText(geojson)), ("consortia", Drawn));
        var options = new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } };
        var (a, b) = (PracticeReader.ReadFile(geojson, options), PracticeReader.ReadFile(gpkg, options));
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal((a[i].Code, a[i].Name, a[i].Patients, a[i].Deprivation, a[i].Spend, a[i].Group), (b[i].Code, b[i].Name, b[i].Patients, b[i].Deprivation, b[i].Spend, b[i].Group));
            // Six decimals of a degree in WGS84 output: within a metre of each other.
            Assert.InRange(Math.Abs(a[i].Easting - b[i].Easting) + Math.Abs(a[i].Northing - b[i].Northing), 0, 1.0);
        }
    }
}
