using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Partitioner.Core.Files;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Layers;

/// <summary>
/// Reads a GeoJSON FeatureCollection (WGS84) into a <see cref="FeatureLayer"/>, typing each property across all features:
/// a number written with a decimal point or exponent is real, so a column of reals stays real even where a value is whole.
/// </summary>
public static class FeatureLayerReader
{
    /// <summary>Reads a FeatureCollection; <paramref name="name"/> names the layer in error messages too.</summary>
    public static FeatureLayer Read(ReadOnlyMemory<byte> geoJson, string name, string title)
    {
        // A UTF-8 byte order mark (some Windows tools write one) is not JSON; the practice and boundary readers skip it too.
        if (geoJson.Span.StartsWith(TextStart.ByteOrderMark)) geoJson = geoJson[TextStart.ByteOrderMark.Length..];
        JsonDocument doc;
        try { doc = JsonDocument.Parse(geoJson); }
        catch (JsonException e) { throw new InputException(name, "(json)", null, $"The layer is not valid JSON ({e.Message})."); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new InputException(name, "features", null, "The layer is not a GeoJSON FeatureCollection.");

            var fields = new List<string>();
            var types = new List<FieldType?>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var rows = new List<(string Id, Geometry? Geometry, Dictionary<int, object?> Values)>();
            bool allPoints = true, allPolygonal = true;
            int n = 0;
            foreach (var f in features.EnumerateArray())
            {
                n++;
                var geometry = ReadGeometry(f, name, n);
                if (geometry is not null)
                {
                    allPoints &= geometry is Point;
                    allPolygonal &= geometry is Polygon or MultiPolygon;
                }
                var values = new Dictionary<int, object?>();
                if (f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in props.EnumerateObject())
                    {
                        if (!index.TryGetValue(p.Name, out var column))
                        {
                            column = fields.Count;
                            index[p.Name] = column;
                            fields.Add(p.Name);
                            types.Add(null);
                        }
                        var (value, type) = Value(p.Value);
                        values[column] = value;
                        if (type is { } t) types[column] = Merge(types[column], t);
                    }
                }
                rows.Add((Id(f, n), geometry, values));
            }

            var layerFields = new LayerField[fields.Count];
            for (int i = 0; i < fields.Count; i++) layerFields[i] = new LayerField(fields[i], types[i] ?? FieldType.Text);
            var layerFeatures = new LayerFeature[rows.Count];
            for (int r = 0; r < rows.Count; r++)
            {
                var values = new object?[fields.Count];
                foreach (var (column, value) in rows[r].Values) values[column] = Convert(value, layerFields[column].Type);
                var geometry = rows[r].Geometry;
                if (allPolygonal && geometry is Polygon polygon) geometry = polygon.Factory.CreateMultiPolygon([polygon]);
                layerFeatures[r] = new LayerFeature(rows[r].Id, geometry, values);
            }
            var geometryType = rows.Count == 0 ? LayerGeometryType.Geometry
                : allPoints ? LayerGeometryType.Point
                : allPolygonal ? LayerGeometryType.MultiPolygon
                : LayerGeometryType.Geometry;
            return new FeatureLayer(name, title, geometryType, layerFields, layerFeatures);
        }
    }

    private static Geometry? ReadGeometry(JsonElement feature, string name, int n)
    {
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null) return null;
        try { return GeoJsonGeometries.Read(g); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InputException($"{name} feature {n}", "geometry", null, $"The geometry cannot be read ({e.Message}).");
        }
    }

    private static string Id(JsonElement feature, int n) =>
        feature.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())
            : n.ToString(CultureInfo.InvariantCulture);

    private static (object? Value, FieldType? Type) Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => (null, null),
        JsonValueKind.True => (true, FieldType.Boolean),
        JsonValueKind.False => (false, FieldType.Boolean),
        JsonValueKind.String => (v.GetString(), FieldType.Text),
        JsonValueKind.Number when v.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0 && v.TryGetInt64(out var l) => (l, FieldType.Integer),
        JsonValueKind.Number => (v.GetDouble(), FieldType.Real),
        _ => (v.GetRawText(), FieldType.Text),
    };

    private static FieldType Merge(FieldType? seen, FieldType next) => seen switch
    {
        null => next,
        _ when seen == next => next,
        FieldType.Integer when next == FieldType.Real => FieldType.Real,
        FieldType.Real when next == FieldType.Integer => FieldType.Real,
        _ => FieldType.Text,
    };

    private static object? Convert(object? value, FieldType type) => (value, type) switch
    {
        (null, _) => null,
        (long l, FieldType.Real) => (double)l,
        (bool b, FieldType.Text) => b ? "true" : "false",
        (long l, FieldType.Text) => l.ToString(CultureInfo.InvariantCulture),
        (double d, FieldType.Text) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value,
    };
}
