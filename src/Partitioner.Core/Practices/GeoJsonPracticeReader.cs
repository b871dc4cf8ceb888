using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Partitioner.Core.Practices;

/// <summary>Reads a GeoJSON FeatureCollection of practice Point features into raw records, within the read limits.</summary>
internal static class GeoJsonPracticeReader
{
    /// <summary>Deep enough for any FeatureCollection of points with nested pass-through properties.</summary>
    private const int MaxDepth = 64;

    public static PracticeSet Read(ArraySegment<byte> bytes, PracticeReadOptions options)
    {
        var utf8 = bytes.AsMemory();
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        if (!Utf8.IsValid(utf8.Span))
            throw new InputException("document", "(encoding)", null, "The GeoJSON is not valid UTF-8 text. Save it as UTF-8 (GeoJSON files must be UTF-8, RFC 7946).");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new InputException($"line {(e.LineNumber ?? 0) + 1}", "(json)", null,
                $"The GeoJSON is not valid JSON ({e.Message}). Check the file is complete and well-formed, and nested less than {MaxDepth} levels deep.");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("FeatureCollection"))
                throw new InputException("document", "type", root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? PracticeReader.Shorten(t.GetRawText()) : null,
                    "The GeoJSON must be a FeatureCollection (\"type\": \"FeatureCollection\") of practice Point features.");
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new InputException("document", "features", null, "The FeatureCollection has no \"features\" array.");
            int count = features.GetArrayLength();
            if (count > options.MaxPractices)
                throw new InputException("document", "features", count.ToString("N0", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture,
                    $"The FeatureCollection has more than {options.MaxPractices:N0} features, the limit for one study. England has fewer than 10,000 practices: check it holds one Point per practice, or split the study area."))
                { ExceedsLimit = true };

            var crs = options.CoordinateSystem;
            if (crs == CoordinateSystem.Auto)
                crs = NamesBritishNationalGrid(root) ? CoordinateSystem.BritishNationalGrid : CoordinateSystem.Wgs84;

            var raws = new List<RawPractice>(count);
            int index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                string where = $"feature {index++}";
                try { raws.Add(ReadFeature(feature, where, options.MaxColumns)); }
                catch (InvalidOperationException)
                {
                    // System.Text.Json refuses to turn an escaped lone surrogate (e.g. "\uD800") into a string.
                    raws.Add(Unusable(where, "properties", "The feature holds text that is not valid Unicode (an escaped lone surrogate such as \\uD800). Correct the text."));
                }
            }
            return PracticeValidator.Build(raws, options, crs, "feature");
        }
    }

    private static bool NamesBritishNationalGrid(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind != JsonValueKind.Object) return false;
        if (!crs.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object) return false;
        if (!props.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) return false;
        var s = name.GetString() ?? "";
        return s.EndsWith("27700", StringComparison.Ordinal);
    }

    private static RawPractice Unusable(string where, string field, string message) =>
        new(where, [], new RawLocation(double.NaN, double.NaN, null, null, "geometry", "geometry", null), [new InputProblem(where, field, null, message)], Unusable: true);

    private static RawPractice ReadFeature(JsonElement feature, string where, int maxProperties)
    {
        if (feature.ValueKind != JsonValueKind.Object)
            return Unusable(where, "(feature)", "The feature is not a JSON object. Give each practice as {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", ...}, \"properties\": {...}}.");
        var props = new List<PracticeProperty>();
        var problems = new List<InputProblem>();
        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var prop in p.EnumerateObject())
            {
                if (props.Count == maxProperties)
                    return Unusable(where, "properties", string.Create(CultureInfo.InvariantCulture,
                        $"The feature has more than {maxProperties:N0} properties, the limit. Keep the practice's fields and drop the rest."));
                if (!seen.Add(prop.Name))
                {
                    problems.Add(new InputProblem(where, prop.Name, null, "The property appears more than once in this feature (names are matched ignoring case). Keep one."));
                    continue;
                }
                object? value = prop.Value.ValueKind switch
                {
                    JsonValueKind.String => prop.Value.GetString(),
                    // A number too large for a double stays text, so the field check can name it.
                    JsonValueKind.Number => prop.Value.TryGetDouble(out double d) && double.IsFinite(d) ? d : prop.Value.GetRawText(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => PracticeReader.Shorten(prop.Value.GetRawText()),
                };
                props.Add(new PracticeProperty(prop.Name, value));
            }
        }
        return new RawPractice(where, props, ReadPoint(feature), problems, Unusable: false);
    }

    private static RawLocation ReadPoint(JsonElement feature)
    {
        static RawLocation Bad(string problem) => new(double.NaN, double.NaN, null, null, "geometry", "geometry", problem);
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
            return Bad("The feature has no geometry. Each practice needs a Point at its surgery.");
        string gtype = g.TryGetProperty("type", out var gt) && gt.ValueKind == JsonValueKind.String ? PracticeReader.Shorten(gt.GetString() ?? "") : "";
        if (gtype != "Point")
            return Bad($"The geometry is a {(gtype.Length == 0 ? "geometry without a type" : gtype)}, not a Point. Give each practice as a Point at its surgery.");
        if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
            || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
            return Bad("The Point has no [x, y] number coordinates. Give [longitude, latitude] (RFC 7946), e.g. [-1.318938, 54.561687].");
        if (!c[0].TryGetDouble(out double x) || !c[1].TryGetDouble(out double y) || !double.IsFinite(x) || !double.IsFinite(y))
            return Bad($"The coordinates [{PracticeReader.Shorten(c[0].GetRawText())}, {PracticeReader.Shorten(c[1].GetRawText())}] are not finite numbers. Give [longitude, latitude] in degrees.");
        return new RawLocation(x, y, null, null, "geometry", "geometry", null);
    }
}
