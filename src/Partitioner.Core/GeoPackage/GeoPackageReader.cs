using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Core.GeoPackage;

/// <summary>
/// Reads a layer from an OGC GeoPackage, as QGIS saves an edited layer (its default format) and as <c>--format gpkg</c>
/// writes a plan: a plan's polygons (the layer named <c>consortia</c> when there is one, else the only polygon layer) or
/// its practices (<c>practices</c>, else the only point layer).
/// Its geometry may be in WGS84 (EPSG:4326) or British National Grid metres (EPSG:27700); it is returned in WGS84, with
/// TEXT, INTEGER, REAL and BOOLEAN columns as the layer's fields. The file is opened read-only; its size, columns and
/// features are bounded.
/// </summary>
public static class GeoPackageReader
{
    /// <summary>The first 16 bytes of every SQLite database, and so of every GeoPackage.</summary>
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    private const long MaxBytes = 256L * 1024 * 1024;
    private const int MaxFeatures = 100_000, MaxColumns = 1_000;

    /// <summary>True when the file at <paramref name="path"/> begins as a SQLite database (a GeoPackage) does.</summary>
    public static bool IsGeoPackage(string path)
    {
        Span<byte> start = stackalloc byte[16];
        using var f = File.OpenRead(path);
        return IsGeoPackage(start[..f.ReadAtLeast(start, 16, throwOnEndOfStream: false)]);
    }

    /// <summary>True when a file beginning with <paramref name="start"/> is a SQLite database (a GeoPackage).</summary>
    public static bool IsGeoPackage(ReadOnlySpan<byte> start) => start.StartsWith(Header);

    /// <summary>Reads the plan's polygon layer of the GeoPackage at <paramref name="path"/>; <paramref name="what"/>
    /// names its features in messages (e.g. "consortium"). Throws <see cref="InputException"/> saying what to do.</summary>
    public static FeatureLayer ReadPolygons(string path, string what) =>
        Read(path, what, "consortia", "polygon", LayerGeometryType.MultiPolygon, ["POLYGON", "MULTIPOLYGON", "MULTISURFACE", "CURVEPOLYGON", "GEOMETRY"]);

    /// <summary>Reads the practices' point layer of the GeoPackage at <paramref name="path"/>: the layer named
    /// <c>practices</c> when there is one, else the only point layer.</summary>
    public static FeatureLayer ReadPoints(string path) =>
        Read(path, "practice", "practices", "point", LayerGeometryType.Point, ["POINT", "GEOMETRY"]);

    private static FeatureLayer Read(string path, string what, string preferred, string kind, LayerGeometryType type, string[] types)
    {
        string source = Path.GetFileName(path);
        if (new FileInfo(path).Length > MaxBytes)
            throw new InputException(source, "(file)", null, string.Create(CultureInfo.InvariantCulture, $"The GeoPackage is larger than {MaxBytes / 1024 / 1024:N0} MB. Save only the {what} layer."));
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var c = new SqliteConnection(connection);
        try
        {
            c.Open();
            var layers = Layers(c);
            var fitting = layers.Where(l => types.Contains(l.Type)).ToList();
            var named = fitting.Where(l => string.Equals(l.Table, preferred, StringComparison.OrdinalIgnoreCase)).ToList();
            var chosen = named.Count > 0 ? named[0] : fitting.Count == 1 ? fitting[0] : (LayerInfo?)null;
            if (chosen is not { } found)
                throw new InputException(source, "(layer)", string.Join(", ", layers.Select(l => $"{l.Table} ({l.Type})")), fitting.Count == 0
                    ? $"The GeoPackage holds no {kind} layer. Save the {what} {kind}s in it."
                    : $"The GeoPackage holds {fitting.Count} {kind} layers and none is named {preferred}. Keep only the {what} layer, or name it {preferred}.");
            return ReadLayer(c, found, source, what, type);
        }
        catch (SqliteException e)
        {
            throw new InputException(source, "(file)", null, $"The file is not a GeoPackage that can be read ({e.Message.TrimEnd('.')}). Save the {what} layer again as a GeoPackage or GeoJSON.");
        }
    }

    private readonly record struct LayerInfo(string Table, string Column, string Type, long Srid);

    private static List<LayerInfo> Layers(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT g.table_name, g.column_name, upper(g.geometry_type_name), g.srs_id FROM gpkg_geometry_columns g " +
                          "JOIN gpkg_contents c ON c.table_name = g.table_name WHERE c.data_type = 'features' ORDER BY g.table_name";
        using var r = cmd.ExecuteReader();
        var list = new List<LayerInfo>();
        while (r.Read()) list.Add(new LayerInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)));
        return list;
    }

    private static FeatureLayer ReadLayer(SqliteConnection c, LayerInfo layer, string source, string what, LayerGeometryType geometryType)
    {
        bool grid = layer.Srid == GridOutput.Srid;
        if (!grid && layer.Srid != 4326)
            throw new InputException(source, "(crs)", $"EPSG:{layer.Srid}", $"The {layer.Table} layer is in EPSG:{layer.Srid}. Save it in EPSG:4326 (WGS84) or EPSG:27700 (British National Grid).");
        var columns = new List<(string Name, FieldType Type)>();
        using (var info = c.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info({Quote(layer.Table)})";
            using var r = info.ExecuteReader();
            while (r.Read())
            {
                string name = r.GetString(1), type = r.GetString(2).ToUpperInvariant();
                // The geometry, and the feature id every GeoPackage table has as its primary key, are not attributes.
                if (string.Equals(name, layer.Column, StringComparison.OrdinalIgnoreCase) || r.GetInt64(5) > 0) continue;
                columns.Add((name, type switch
                {
                    "INTEGER" or "INT" or "MEDIUMINT" or "SMALLINT" or "TINYINT" => FieldType.Integer,
                    "DOUBLE" or "REAL" or "FLOAT" => FieldType.Real,
                    "BOOLEAN" => FieldType.Boolean,
                    _ => FieldType.Text,
                }));
            }
        }
        if (columns.Count > MaxColumns)
            throw new InputException(source, "(layer)", layer.Table, string.Create(CultureInfo.InvariantCulture, $"The layer has more than {MaxColumns:N0} columns. Keep the {what}'s name and drop the rest."));
        var reader = new GeoPackageGeoReader();
        var features = new List<LayerFeature>();
        var problems = new List<InputProblem>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT {string.Join(", ", columns.Select(col => Quote(col.Name)).Prepend(Quote(layer.Column)))} FROM {Quote(layer.Table)}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (features.Count == MaxFeatures)
                    throw new InputException(source, "(layer)", layer.Table, string.Create(CultureInfo.InvariantCulture, $"The layer has more than {MaxFeatures:N0} features, more than any plan of England."));
                string where = string.Create(CultureInfo.InvariantCulture, $"{source} feature {features.Count + 1}");
                Geometry? geometry = null;
                if (!r.IsDBNull(0))
                {
                    try { geometry = reader.Read((byte[])r.GetValue(0)); }
                    catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or ParseException or IndexOutOfRangeException)
                    {
                        problems.Add(new InputProblem(where, layer.Column, null, $"The geometry cannot be read ({e.Message.TrimEnd('.')}). Draw the {what} again."));
                        if (problems.Count >= 100) break;
                        continue;
                    }
                }
                if (geometry is not null && grid) geometry = Wgs84Output.FromGrid(geometry);
                var values = new object?[columns.Count];
                for (int k = 0; k < columns.Count; k++)
                {
                    object v = r.GetValue(k + 1);
                    values[k] = v is DBNull ? null : columns[k].Type switch
                    {
                        FieldType.Integer when v is long l => l,
                        FieldType.Real when v is double or long => Convert.ToDouble(v, CultureInfo.InvariantCulture),
                        FieldType.Boolean when v is long b => b != 0,
                        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
                    };
                }
                features.Add(new LayerFeature(string.Create(CultureInfo.InvariantCulture, $"{features.Count + 1}"), geometry, values));
            }
        }
        if (problems.Count > 0) throw new InputException(problems);
        var fields = columns.Select(col => new LayerField(col.Name, col.Type)).ToList();
        return new FeatureLayer(layer.Table, layer.Table, geometryType, fields, features);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
