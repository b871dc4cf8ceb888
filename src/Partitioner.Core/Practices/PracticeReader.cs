using System.Globalization;
using System.Text.Json;
using Partitioner.Core.Coordinates;

namespace Partitioner.Core.Practices;

/// <summary>
/// Reads practices from a GeoJSON FeatureCollection of Point features or from a CSV file with a
/// header row, validates every record and returns a <see cref="PracticeSet"/>, or throws an
/// <see cref="InputException"/> listing every problem found (nothing is partially loaded).
/// </summary>
public static class PracticeReader
{
    /// <summary>Reads a file, choosing GeoJSON or CSV by its content.</summary>
    public static PracticeSet ReadFile(string path, PracticeReadOptions? options = null)
    {
        if (!File.Exists(path))
            throw new InputException(path, "(file)", null, "The practices file does not exist. Check the path.");
        using var stream = File.OpenRead(path);
        return Read(stream, options);
    }

    /// <summary>Reads a stream, choosing GeoJSON (first character '{') or CSV by its content.</summary>
    public static PracticeSet Read(Stream stream, PracticeReadOptions? options = null)
    {
        using var buffered = new MemoryStream();
        stream.CopyTo(buffered);
        var bytes = buffered.GetBuffer().AsSpan(0, (int)buffered.Length);
        int start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start == bytes.Length)
            throw new InputException("input", "(file)", null, "The practices input is empty. Send a GeoJSON FeatureCollection of practice points or a CSV file with a header row.");
        buffered.Position = 0;
        return bytes[start] == (byte)'{' ? ReadGeoJson(buffered, options) : ReadCsv(buffered, options);
    }

    /// <summary>Reads a GeoJSON FeatureCollection of Point features.</summary>
    public static PracticeSet ReadGeoJson(Stream stream, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InputException($"line {(e.LineNumber ?? 0) + 1}", "(json)", null, $"The GeoJSON is not valid JSON ({e.Message}). Check the file is complete and well-formed.");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
                throw new InputException("document", "type", root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.ToString() : null,
                    "The GeoJSON must be a FeatureCollection (\"type\": \"FeatureCollection\") of practice Point features.");
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new InputException("document", "features", null, "The FeatureCollection has no \"features\" array.");

            var crs = options.CoordinateSystem;
            if (crs == CoordinateSystem.Auto)
                crs = NamesBritishNationalGrid(root) ? CoordinateSystem.BritishNationalGrid : CoordinateSystem.Wgs84;

            var raws = new List<RawPractice>(features.GetArrayLength());
            int index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                raws.Add(ReadFeature(feature, $"feature {index}"));
                index++;
            }
            return Build(raws, options.Fields, crs, "feature");
        }
    }

    /// <summary>Reads a CSV file with a header row and one practice per row.</summary>
    public static PracticeSet ReadCsv(Stream stream, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        using var reader = new StreamReader(stream, leaveOpen: true);
        var table = CsvTable.Parse(reader);
        var fields = options.Fields;
        int xCol = Find(table.Header, fields.X), yCol = Find(table.Header, fields.Y);
        if (xCol < 0 || yCol < 0)
        {
            var missing = xCol < 0 ? fields.X : fields.Y;
            throw new InputException("line 1", "(header)", string.Join(",", table.Header),
                $"No coordinate column found: expected one of {string.Join(", ", missing)}. Add the column or name it with a field mapping (x=..., y=...).");
        }
        var columnIsNumber = new bool[table.Header.Length];
        for (int c = 0; c < table.Header.Length; c++)
        {
            bool numeric = true, any = false;
            foreach (var row in table.Rows)
            {
                if (c >= row.Length || row[c].Length == 0) continue;
                any = true;
                if (!double.TryParse(row[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) { numeric = false; break; }
            }
            columnIsNumber[c] = numeric && any;
        }

        var raws = new List<RawPractice>(table.Rows.Count);
        var problems = new List<InputProblem>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            string where = $"line {table.Lines[r]}";
            if (row.Length != table.Header.Length)
            {
                problems.Add(new InputProblem(where, "(row)", null,
                    $"The row has {row.Length} fields but the header has {table.Header.Length}. Check for unquoted commas in names."));
                continue;
            }
            var props = new List<PracticeProperty>(row.Length);
            for (int c = 0; c < row.Length; c++)
            {
                if (c == xCol || c == yCol) continue;
                string s = row[c].Trim();
                object? value = s.Length == 0 ? null : columnIsNumber[c] ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : s;
                props.Add(new PracticeProperty(table.Header[c], value));
            }
            double x = ParseCoordinate(row[xCol], where, table.Header[xCol], problems);
            double y = ParseCoordinate(row[yCol], where, table.Header[yCol], problems);
            raws.Add(new RawPractice(where, props, x, y, null, table.Header[xCol], table.Header[yCol]));
        }
        if (problems.Count > 0)
        {
            // Collect the field problems too, so the user sees everything at once.
            try { Build(raws, fields, Resolve(options.CoordinateSystem, raws, table.Header[xCol]), "line"); }
            catch (InputException e) { problems.AddRange(e.Problems); }
            throw new InputException(Sort(problems));
        }
        return Build(raws, fields, Resolve(options.CoordinateSystem, raws, table.Header[xCol]), "line");
    }

    private static IReadOnlyList<InputProblem> Sort(List<InputProblem> problems) =>
        problems.OrderBy(p => p.Where.Length).ThenBy(p => p.Where, StringComparer.Ordinal).ToArray();

    private static CoordinateSystem Resolve(CoordinateSystem requested, List<RawPractice> raws, string xHeader)
    {
        if (requested != CoordinateSystem.Auto) return requested;
        if (xHeader.Equals("easting", StringComparison.OrdinalIgnoreCase)) return CoordinateSystem.BritishNationalGrid;
        int metres = 0, degrees = 0;
        foreach (var r in raws)
        {
            if (!double.IsFinite(r.X) || !double.IsFinite(r.Y)) continue;
            if (Math.Abs(r.X) <= 180 && Math.Abs(r.Y) <= 90) degrees++;
            else metres++;
        }
        return metres > degrees ? CoordinateSystem.BritishNationalGrid : CoordinateSystem.Wgs84;
    }

    private static double ParseCoordinate(string text, string where, string field, List<InputProblem> problems)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            problems.Add(new InputProblem(where, field, null, "The coordinate is missing. Give the practice's location."));
            return double.NaN;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            problems.Add(new InputProblem(where, field, text, "The coordinate is not a finite number. Use decimal degrees (e.g. -1.318938) or metres."));
            return double.NaN;
        }
        return v;
    }

    private static bool NamesBritishNationalGrid(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind != JsonValueKind.Object) return false;
        if (!crs.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object) return false;
        if (!props.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) return false;
        var s = name.GetString() ?? "";
        return s.EndsWith("27700", StringComparison.Ordinal);
    }

    private static RawPractice ReadFeature(JsonElement feature, string where)
    {
        var props = new List<PracticeProperty>();
        if (feature.ValueKind != JsonValueKind.Object)
            return new RawPractice(where, props, double.NaN, double.NaN, "The feature is not a JSON object.", null, null);
        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var prop in p.EnumerateObject())
            {
                object? value = prop.Value.ValueKind switch
                {
                    JsonValueKind.String => prop.Value.GetString(),
                    JsonValueKind.Number => prop.Value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => prop.Value.GetRawText(),
                };
                props.Add(new PracticeProperty(prop.Name, value));
            }
        }
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
            return new RawPractice(where, props, double.NaN, double.NaN, "The feature has no geometry. Each practice needs a Point at its surgery.", null, null);
        string gtype = g.TryGetProperty("type", out var gt) && gt.ValueKind == JsonValueKind.String ? gt.GetString() ?? "" : "";
        if (gtype != "Point")
            return new RawPractice(where, props, double.NaN, double.NaN, $"The geometry is a {(gtype.Length == 0 ? "feature without a type" : gtype)}, not a Point. Give each practice as a Point at its surgery.", null, null);
        if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
            || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
            return new RawPractice(where, props, double.NaN, double.NaN, "The Point has no [x, y] number coordinates.", null, null);
        return new RawPractice(where, props, c[0].GetDouble(), c[1].GetDouble(), null, "geometry", "geometry");
    }

    private static int Find(IReadOnlyList<string> header, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            for (int i = 0; i < header.Count; i++)
                if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static int FindProperty(IReadOnlyList<PracticeProperty> props, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            for (int i = 0; i < props.Count; i++)
                if (string.Equals(props[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static PracticeSet Build(List<RawPractice> raws, FieldMapping fields, CoordinateSystem crs, string unit)
    {
        var problems = new List<InputProblem>();
        var warnings = new List<InputWarning>();
        if (raws.Count == 0)
            throw new InputException("input", "(practices)", null, $"The input has no practices (no {unit}s). Add one {unit} per practice.");

        var practices = new List<Practice>(raws.Count);
        var firstSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in raws)
        {
            var props = raw.Properties;
            int codeAt = FindProperty(props, fields.Code);
            int nameAt = FindProperty(props, fields.Name);
            int patientsAt = FindProperty(props, fields.Patients);
            int depAt = FindProperty(props, fields.Deprivation);
            int spendAt = FindProperty(props, fields.Spend);
            int weightedAt = FindProperty(props, fields.WeightedPatients);
            int groupAt = fields.Group is null ? -1 : FindProperty(props, [fields.Group]);

            string code = codeAt < 0 ? "" : Text(props[codeAt].Value);
            if (code.Length == 0)
                problems.Add(new InputProblem(raw.Where, fields.Code[0], null, $"The practice code is missing. Give every practice a unique code (looked for: {string.Join(", ", fields.Code)})."));
            else if (firstSeen.TryGetValue(code, out var first))
                problems.Add(new InputProblem(raw.Where, props[codeAt].Name, code, $"Duplicate practice code: already used at {first}. Each practice needs a unique code; merge or rename the rows."));
            else
                firstSeen[code] = raw.Where;

            double patients = double.NaN;
            if (patientsAt < 0 || props[patientsAt].Value is null || Text(props[patientsAt].Value).Length == 0)
                problems.Add(new InputProblem(raw.Where, patientsAt < 0 ? fields.Patients[0] : props[patientsAt].Name, null,
                    $"The number of registered patients is missing (looked for: {string.Join(", ", fields.Patients)}). Give the practice's list size."));
            else if (!TryNumber(props[patientsAt].Value, out patients) || !double.IsFinite(patients))
            {
                problems.Add(new InputProblem(raw.Where, props[patientsAt].Name, Text(props[patientsAt].Value), "The number of registered patients is not a finite number. Give a whole number such as 7250."));
                patients = double.NaN;
            }
            else if (patients < 0)
                problems.Add(new InputProblem(raw.Where, props[patientsAt].Name, Text(props[patientsAt].Value), "The number of registered patients is negative. Give the list size, 0 or more."));

            double deprivation = OptionalNumber(props, depAt, raw.Where, "deprivation score", problems);
            // Spend may be negative: net payments after a clawback are real (one open practice in 2014/15).
            double spend = OptionalNumber(props, spendAt, raw.Where, "spend (£ per year)", problems);
            double weighted = OptionalNumber(props, weightedAt, raw.Where, "weighted list size", problems);
            string? group = groupAt < 0 ? null : Text(props[groupAt].Value);
            if (fields.Group is not null && string.IsNullOrEmpty(group))
                problems.Add(new InputProblem(raw.Where, fields.Group, null, $"The grouping field '{fields.Group}' is missing or empty. Give every practice a consortium, or leave out the grouping option."));

            double lon = double.NaN, lat = double.NaN, e = double.NaN, n = double.NaN;
            if (raw.GeometryProblem is not null)
                problems.Add(new InputProblem(raw.Where, "geometry", null, raw.GeometryProblem));
            else if (double.IsFinite(raw.X) && double.IsFinite(raw.Y))
                CheckLocation(raw, crs, problems, out lon, out lat, out e, out n);
            else if (raw.XField == "geometry")
                problems.Add(new InputProblem(raw.Where, "geometry", $"[{raw.X}, {raw.Y}]", "The coordinates are not finite numbers."));

            if (code.Length > 0 && patients == 0)
            {
                warnings.Add(new InputWarning(raw.Where, $"practice {code} has 0 registered patients (closed) and was left out."));
                continue;
            }
            var used = new HashSet<int> { codeAt, nameAt, patientsAt, depAt, spendAt };
            var rest = new List<PracticeProperty>(props.Count);
            for (int i = 0; i < props.Count; i++)
                if (!used.Contains(i)) rest.Add(props[i]);
            practices.Add(new Practice(code, nameAt < 0 ? "" : Text(props[nameAt].Value), patients, deprivation, spend, group, lon, lat, e, n, rest, weighted));
        }
        if (problems.Count > 0) throw new InputException(problems);
        if (practices.Count == 0)
            throw new InputException("input", fields.Patients[0], null, "No practice has any registered patients, so there is nothing to group. Check the list-size column.");
        return new PracticeSet(practices, warnings, crs);
    }

    private static void CheckLocation(RawPractice raw, CoordinateSystem crs, List<InputProblem> problems, out double lon, out double lat, out double e, out double n)
    {
        lon = lat = e = n = double.NaN;
        string field = raw.XField == "geometry" ? "geometry" : $"{raw.XField}/{raw.YField}";
        string value = string.Create(CultureInfo.InvariantCulture, $"{raw.X}, {raw.Y}");
        if (crs == CoordinateSystem.BritishNationalGrid)
        {
            if (!BritishNationalGrid.IsOnGrid(raw.X, raw.Y))
            {
                string hint = BritishNationalGrid.IsOnGrid(raw.Y, raw.X)
                    ? "Easting and northing appear swapped: give easting first."
                    : "It is outside Great Britain's National Grid (eastings 0–700,000 m, northings 0–1,250,000 m). Check the coordinate system.";
                problems.Add(new InputProblem(raw.Where, field, value, hint));
                return;
            }
            e = raw.X; n = raw.Y;
            (lon, lat) = BritishNationalGrid.ToWgs84(e, n);
            return;
        }
        if (!BritishNationalGrid.IsInGreatBritain(raw.X, raw.Y))
        {
            string hint = BritishNationalGrid.IsInGreatBritain(raw.Y, raw.X)
                ? "Latitude and longitude appear swapped: give longitude first in GeoJSON (RFC 7946 [lon, lat]), or check the lat/lon columns."
                : BritishNationalGrid.IsOnGrid(raw.X, raw.Y) && Math.Abs(raw.X) > 180
                    ? "This looks like British National Grid metres: say so with the coordinate system option (bng / EPSG:27700)."
                    : "The point is outside Great Britain (longitude −8.8 to 2, latitude 49.7 to 61). Check the coordinates.";
            problems.Add(new InputProblem(raw.Where, field, value, hint));
            return;
        }
        lon = raw.X; lat = raw.Y;
        (e, n) = BritishNationalGrid.FromWgs84(lon, lat);
    }

    private static double OptionalNumber(IReadOnlyList<PracticeProperty> props, int at, string where, string what, List<InputProblem> problems)
    {
        if (at < 0 || props[at].Value is null) return double.NaN;
        string text = Text(props[at].Value);
        if (text.Length == 0) return double.NaN;
        if (!TryNumber(props[at].Value, out double v) || !double.IsFinite(v))
        {
            problems.Add(new InputProblem(where, props[at].Name, text, $"The {what} is not a finite number. Give a number, or leave it empty if unknown."));
            return double.NaN;
        }
        return v;
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case string s: return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default: number = double.NaN; return false;
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
