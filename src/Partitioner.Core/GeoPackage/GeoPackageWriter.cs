using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Geography;
using Partitioner.Core.Layers;

namespace Partitioner.Core.GeoPackage;

/// <summary>
/// Writes feature layers into one OGC GeoPackage (1.3) file: the required <c>gpkg_spatial_ref_sys</c>,
/// <c>gpkg_contents</c> and <c>gpkg_geometry_columns</c> tables and one feature table per layer with typed columns
/// (TEXT, INTEGER, DOUBLE, BOOLEAN) and a standard GeoPackage geometry blob column <c>geom</c>.
/// Polygon layers are stored as MULTIPOLYGON, point layers as POINT.
/// </summary>
public static class GeoPackageWriter
{
    /// <summary>The media type of a GeoPackage.</summary>
    public const string MediaType = "application/geopackage+sqlite3";

    private const int ApplicationId = 0x47504B47; // "GPKG"
    private const int UserVersion = 10300;        // GeoPackage 1.3.0

    private const string Wgs84Wkt =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]]," +
        "AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>Writes the layers to a new file at <paramref name="path"/> (an existing file is replaced).</summary>
    public static void Write(string path, IReadOnlyList<FeatureLayer> layers, OutputCrs crs)
    {
        if (File.Exists(path)) File.Delete(path);
        // No pooling: the file must be closed when this returns so callers can read, move or delete it.
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using var c = new SqliteConnection(connection);
        c.Open();
        Execute(c, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {UserVersion};");
        using (var tx = c.BeginTransaction())
        {
            CreateMetadataTables(c);
            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var layer in layers)
            {
                var table = Unique(layer.Name, usedNames);
                WriteLayer(c, table, layer, crs);
            }
            tx.Commit();
        }
    }

    /// <summary>Writes the layers to a byte array (through a temporary file, which is deleted).</summary>
    public static byte[] ToBytes(IReadOnlyList<FeatureLayer> layers, OutputCrs crs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"partitioner-{Guid.NewGuid():N}.gpkg");
        try
        {
            Write(path, layers, crs);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void CreateMetadataTables(SqliteConnection c)
    {
        Execute(c, """
            CREATE TABLE gpkg_spatial_ref_sys (
                srs_name TEXT NOT NULL,
                srs_id INTEGER PRIMARY KEY,
                organization TEXT NOT NULL,
                organization_coordsys_id INTEGER NOT NULL,
                definition TEXT NOT NULL,
                description TEXT);
            CREATE TABLE gpkg_contents (
                table_name TEXT NOT NULL PRIMARY KEY,
                data_type TEXT NOT NULL,
                identifier TEXT UNIQUE,
                description TEXT DEFAULT '',
                last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
                srs_id INTEGER,
                CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
                table_name TEXT NOT NULL,
                column_name TEXT NOT NULL,
                geometry_type_name TEXT NOT NULL,
                srs_id INTEGER NOT NULL,
                z TINYINT NOT NULL,
                m TINYINT NOT NULL,
                CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            """);
        const string insert = "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES ($name, $id, $org, $code, $def, $desc)";
        Execute(c, insert, ("$name", "Undefined cartesian SRS"), ("$id", -1), ("$org", "NONE"), ("$code", -1), ("$def", "undefined"), ("$desc", "undefined cartesian coordinate reference system"));
        Execute(c, insert, ("$name", "Undefined geographic SRS"), ("$id", 0), ("$org", "NONE"), ("$code", 0), ("$def", "undefined"), ("$desc", "undefined geographic coordinate reference system"));
        Execute(c, insert, ("$name", "WGS 84 geodetic"), ("$id", 4326), ("$org", "EPSG"), ("$code", 4326), ("$def", Wgs84Wkt), ("$desc", "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"));
        Execute(c, insert, ("$name", "OSGB 1936 / British National Grid"), ("$id", GridOutput.Srid), ("$org", "EPSG"), ("$code", GridOutput.Srid), ("$def", BritishNationalGrid.Wkt27700), ("$desc", "British National Grid easting/northing in metres"));
    }

    private static void WriteLayer(SqliteConnection c, string table, FeatureLayer layer, OutputCrs crs)
    {
        int srid = crs == OutputCrs.Wgs84 ? 4326 : GridOutput.Srid;
        var columns = new List<string>();
        var reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "fid", "geom" };
        foreach (var field in layer.Fields) columns.Add(Unique(field.Name, reserved));

        var definition = new System.Text.StringBuilder($"CREATE TABLE {Quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {GeometryTypeName(layer.GeometryType)}");
        for (int i = 0; i < columns.Count; i++) definition.Append(", ").Append(Quote(columns[i])).Append(' ').Append(SqlType(layer.Fields[i].Type));
        definition.Append(')');
        Execute(c, definition.ToString());

        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var extent = new Envelope();
        using (var insert = c.CreateCommand())
        {
            var names = new System.Text.StringBuilder("geom");
            var parameters = new System.Text.StringBuilder("$g");
            for (int i = 0; i < columns.Count; i++)
            {
                names.Append(", ").Append(Quote(columns[i]));
                parameters.Append(", $p").Append(i.ToString(CultureInfo.InvariantCulture));
            }
            insert.CommandText = $"INSERT INTO {Quote(table)} ({names}) VALUES ({parameters})";
            var geometryParameter = insert.Parameters.Add("$g", SqliteType.Blob);
            var valueParameters = new SqliteParameter[columns.Count];
            for (int i = 0; i < columns.Count; i++) valueParameters[i] = insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteTypeOf(layer.Fields[i].Type));

            foreach (var feature in layer.Features)
            {
                var geometry = Output(feature.Geometry, crs, srid);
                if (geometry is not null) extent.ExpandToInclude(geometry.EnvelopeInternal);
                geometryParameter.Value = geometry is null ? DBNull.Value : writer.Write(geometry);
                for (int i = 0; i < columns.Count; i++) valueParameters[i].Value = feature.Values[i] ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        Execute(c, """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
            VALUES ($t, 'features', $id, $desc, $minx, $miny, $maxx, $maxy, $srs)
            """,
            ("$t", table), ("$id", layer.Title), ("$desc", layer.Title),
            ("$minx", extent.IsNull ? null : extent.MinX), ("$miny", extent.IsNull ? null : extent.MinY),
            ("$maxx", extent.IsNull ? null : extent.MaxX), ("$maxy", extent.IsNull ? null : extent.MaxY), ("$srs", srid));
        Execute(c, "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ($t, 'geom', $type, $srs, 0, 0)",
            ("$t", table), ("$type", GeometryTypeName(layer.GeometryType)), ("$srs", srid));
    }

    private static Geometry? Output(Geometry? wgs84, OutputCrs crs, int srid)
    {
        if (wgs84 is null || wgs84.IsEmpty) return null;
        var g = crs == OutputCrs.Wgs84 ? wgs84.Copy() : GridOutput.FromWgs84(wgs84);
        // The precision reducer may return a Polygon for a one-part MultiPolygon; the column's type is MULTIPOLYGON.
        if (g is Polygon p) g = g.Factory.CreateMultiPolygon([p]);
        g.SRID = srid;
        return g;
    }

    private static string GeometryTypeName(LayerGeometryType type) => type switch
    {
        LayerGeometryType.Point => "POINT",
        LayerGeometryType.MultiPolygon => "MULTIPOLYGON",
        _ => "GEOMETRY",
    };

    private static string SqlType(FieldType type) => type switch
    {
        FieldType.Integer => "INTEGER",
        FieldType.Real => "DOUBLE",
        FieldType.Boolean => "BOOLEAN",
        _ => "TEXT",
    };

    private static SqliteType SqliteTypeOf(FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Boolean => SqliteType.Integer,
        FieldType.Real => SqliteType.Real,
        _ => SqliteType.Text,
    };

    /// <summary>The name, or the name with a numeric suffix when it is taken (SQLite names ignore case).</summary>
    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (int k = 2; !used.Add(candidate); k++) candidate = $"{name}_{k}";
        return candidate;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }
}
