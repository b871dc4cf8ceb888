using System.Text;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Layers;

namespace Partitioner.Core.Tests.GeoPackage;

public sealed class GeoPackageWriterTests : IDisposable
{
    private const string Consortia = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":"North","geometry":{"type":"Polygon","coordinates":[[[-1.6,53.8],[-1.5,53.8],[-1.5,53.9],[-1.6,53.8]]]},
           "properties":{"name":"North","patients":120000,"deprivation":21.5,"within_bounds":true,"geom":"clash"}},
          {"type":"Feature","id":"South","geometry":{"type":"MultiPolygon","coordinates":[[[[-1.6,53.7],[-1.5,53.7],[-1.5,53.75],[-1.6,53.7]]],[[[-1.4,53.7],[-1.3,53.7],[-1.3,53.75],[-1.4,53.7]]]]},
           "properties":{"name":"South","patients":130000,"deprivation":null,"within_bounds":false,"geom":"clash"}}]}
        """;

    private const string Practices = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":"A1","geometry":{"type":"Point","coordinates":[-1.55,53.85]},"properties":{"practice_code":"A1","consortium":"North"}}]}
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gpkg-test-{Guid.NewGuid():N}.gpkg");

    public void Dispose() => File.Delete(_path);

    private static FeatureLayer Layer(string json, string name) => FeatureLayerReader.Read(Encoding.UTF8.GetBytes(json), name, $"{name} of a test plan");

    private SqliteConnection Write(OutputCrs crs)
    {
        GeoPackageWriter.Write(_path, [Layer(Consortia, "consortia"), Layer(Practices, "practices")], crs);
        var db = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        db.Open();
        return db;
    }

    private static List<object?[]> Rows(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void The_file_is_marked_as_a_geopackage_1_3()
    {
        using var db = Write(OutputCrs.BritishNationalGrid);
        Assert.Equal(0x47504B47L, Rows(db, "PRAGMA application_id")[0][0]);
        Assert.Equal(10300L, Rows(db, "PRAGMA user_version")[0][0]);
    }

    [Fact]
    public void The_required_reference_systems_and_british_national_grid_are_defined()
    {
        using var db = Write(OutputCrs.BritishNationalGrid);
        var srs = Rows(db, "SELECT srs_id, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys ORDER BY srs_id");
        Assert.Equal([-1L, 0L, 4326L, 27700L], srs.Select(r => r[0]));
        Assert.Contains("British National Grid", (string)srs[3][3]!);
        Assert.Equal("EPSG", srs[3][1]);
    }

    [Fact]
    public void Each_layer_is_listed_in_contents_and_geometry_columns_with_its_extent_type_and_crs()
    {
        using var db = Write(OutputCrs.BritishNationalGrid);
        var contents = Rows(db, "SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name");
        Assert.Equal(["consortia", "practices"], contents.Select(r => r[0]));
        Assert.All(contents, r => Assert.Equal("features", r[1]));
        Assert.All(contents, r => Assert.Equal(27700L, r[7]));
        Assert.InRange((double)contents[0][3]!, 400_000, 450_000); // Leeds in metres
        Assert.True((double)contents[0][5]! > (double)contents[0][3]!);
        var columns = Rows(db, "SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns ORDER BY table_name");
        Assert.Equal(["consortia", "geom", "MULTIPOLYGON", 27700L, 0L, 0L], columns[0]);
        Assert.Equal(["practices", "geom", "POINT", 27700L, 0L, 0L], columns[1]);
    }

    [Fact]
    public void Columns_are_typed_and_a_property_named_like_the_geometry_column_is_renamed()
    {
        using var db = Write(OutputCrs.BritishNationalGrid);
        var columns = Rows(db, "PRAGMA table_info(consortia)").ToDictionary(r => (string)r[1]!, r => (string)r[2]!);
        Assert.Equal("INTEGER", columns["fid"]);
        Assert.Equal("MULTIPOLYGON", columns["geom"]);
        Assert.Equal("TEXT", columns["name"]);
        Assert.Equal("INTEGER", columns["patients"]);
        Assert.Equal("DOUBLE", columns["deprivation"]);
        Assert.Equal("BOOLEAN", columns["within_bounds"]);
        Assert.Equal("TEXT", columns["geom_2"]);
        var values = Rows(db, "SELECT name, patients, deprivation, within_bounds FROM consortia ORDER BY fid");
        Assert.Equal(["North", 120000L, 21.5, 1L], values[0]);
        Assert.Equal(["South", 130000L, null, 0L], values[1]);
    }

    [Fact]
    public void Geometry_blobs_read_back_as_valid_multipolygons_in_the_chosen_crs()
    {
        foreach (var (crs, srid) in new[] { (OutputCrs.BritishNationalGrid, 27700), (OutputCrs.Wgs84, 4326) })
        {
            using var db = Write(crs);
            var reader = new GeoPackageGeoReader { HandleSRID = true };
            var geometries = Rows(db, "SELECT geom FROM consortia ORDER BY fid").Select(r => reader.Read((byte[])r[0]!)).ToList();
            Assert.All(geometries, g => Assert.IsType<MultiPolygon>(g));
            Assert.All(geometries, g => Assert.True(g.IsValid));
            Assert.All(geometries, g => Assert.Equal(srid, g.SRID));
            Assert.Equal(2, geometries[1].NumGeometries);
            var point = reader.Read((byte[])Rows(db, "SELECT geom FROM practices")[0][0]!);
            if (crs == OutputCrs.Wgs84) Assert.Equal(new Coordinate(-1.55, 53.85), point.Coordinate);
            else Assert.InRange(point.Coordinate.X, 400_000, 450_000);
            SqliteConnection.ClearAllPools();
        }
    }
}
