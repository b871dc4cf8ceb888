using System.Globalization;
using System.Text.Json;
using Partitioner.Core.Files;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Layers;

namespace Partitioner.Core.Practices;

/// <summary>
/// Reads practices from a GeoJSON FeatureCollection of Point features or from a CSV file with a
/// header row, validates every record and returns a <see cref="PracticeSet"/>, or throws an
/// <see cref="InputException"/> listing the problems found (nothing is partially loaded). The limits
/// in <see cref="PracticeReadOptions"/> are checked while reading. Thread-safe.
/// </summary>
public static class PracticeReader
{
    /// <summary>Reads a file, choosing GeoJSON or CSV by its content.</summary>
    public static PracticeSet ReadFile(string path, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        if (!File.Exists(path))
            throw new InputException(path, "(file)", null, "The practices file does not exist. Check the path.");
        if (new FileInfo(path).Length > options.MaxBytes) throw BoundedStream.TooLarge(options.MaxBytes);
        if (GeoPackageReader.IsGeoPackage(path)) return ReadGeoPackage(path, options);
        using var stream = File.OpenRead(path);
        return Read(stream, options);
    }

    /// <summary>Reads a stream, choosing GeoJSON (first character '{') or CSV by its content.</summary>
    public static PracticeSet Read(Stream stream, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        var bytes = BoundedStream.ReadAll(stream, options.MaxBytes);
        int first = TextStart.FirstByte(bytes);
        if (first < 0)
            throw new InputException("input", "(file)", null, "The practices input is empty. Send a GeoJSON FeatureCollection of practice points or a CSV file with a header row.");
        return first == '{' ? GeoJsonPracticeReader.Read(bytes, options) : ReadCsvBytes(bytes, options);
    }

    /// <summary>
    /// Reads the practices' point layer of a GeoPackage (<see cref="GeoPackageReader.ReadPoints"/>, WGS84 or British
    /// National Grid) as the GeoJSON FeatureCollection it holds, so every field and check is the GeoJSON reader's.
    /// </summary>
    private static PracticeSet ReadGeoPackage(string path, PracticeReadOptions options)
    {
        var layer = GeoPackageReader.ReadPoints(path);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var feature in layer.Features) FeatureLayerGeoJson.WriteFeature(w, layer, feature, feature.Geometry);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return GeoJsonPracticeReader.Read(new ArraySegment<byte>(buffer.WrittenSpan.ToArray()), options);
    }

    /// <summary>Reads a GeoJSON FeatureCollection of Point features.</summary>
    public static PracticeSet ReadGeoJson(Stream stream, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        return GeoJsonPracticeReader.Read(BoundedStream.ReadAll(stream, options.MaxBytes), options);
    }

    /// <summary>Reads a CSV file with a header row and one practice per row.</summary>
    public static PracticeSet ReadCsv(Stream stream, PracticeReadOptions? options = null)
    {
        options ??= new PracticeReadOptions();
        return ReadCsvBytes(BoundedStream.ReadAll(stream, options.MaxBytes), options);
    }

    /// <summary>
    /// Reads CSV bytes in their encoding (<see cref="CsvEncoding"/>), with a warning naming the first line that is not
    /// UTF-8 when they were read as Windows-1252.
    /// </summary>
    private static PracticeSet ReadCsvBytes(ArraySegment<byte> bytes, PracticeReadOptions options)
    {
        var set = ReadCsvText(CsvEncoding.Open(bytes, out int notUtf8At), options);
        if (notUtf8At < 0) return set;
        return set.With(set.Practices, [new InputWarning(string.Create(CultureInfo.InvariantCulture, $"line {CsvEncoding.LineOf(bytes, notUtf8At)}"),
            "The file is not UTF-8 from this line on, so it was read as Windows-1252, the encoding Excel's \"CSV (Comma delimited)\" writes. " +
            "Check the practice names in the output; save as \"CSV UTF-8\" to be sure they come through as written.")]);
    }

    private static PracticeSet ReadCsvText(TextReader reader, PracticeReadOptions options)
    {
        var table = CsvTable.Parse(reader, options.MaxPractices, options.MaxColumns, options.MaxLineLength);
        var fields = options.Fields;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < table.Header.Length; c++)
            if (table.Header[c].Length > 0 && !columns.TryAdd(table.Header[c], c))
                throw new InputException("line 1", Shorten(table.Header[c]), null, string.Create(CultureInfo.InvariantCulture,
                    $"The column name appears twice in the header (columns {columns[table.Header[c]] + 1} and {c + 1}; names are matched ignoring case). Rename or remove one."));
        int xCol = Find(table.Header, fields.X), yCol = Find(table.Header, fields.Y);
        if (xCol < 0 || yCol < 0)
        {
            var missing = xCol < 0 ? fields.X : fields.Y;
            throw new InputException("line 1", "(header)", Shorten(string.Join(",", table.Header)),
                $"No coordinate column found: expected one of {string.Join(", ", missing)}. Add the column or name it with a field mapping (x=..., y=...).");
        }
        var columnIsNumber = NumberColumns(table);
        // The practice's own numbers stay text here, so a problem quotes them as the file wrote them.
        foreach (var names in new[] { fields.Code, fields.Patients, fields.Deprivation, fields.Spend })
            if (Find(table.Header, names) is var at and >= 0) columnIsNumber[at] = false;
        var raws = new List<RawPractice>(table.Rows.Count);
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            string where = $"line {table.Lines[r]}";
            string xName = table.Header[xCol], yName = table.Header[yCol];
            if (table.Widths[r] != table.Header.Length)
            {
                string counts = string.Create(CultureInfo.InvariantCulture, $"The row has {table.Widths[r]:N0} fields but the header has {table.Header.Length:N0}.");
                var problem = new InputProblem(where, "(row)", null, table.Separator == ','
                    ? $"{counts} Check for unquoted commas in names, or quote such fields (\"Smith, Jones\")."
                    : $"{counts} The file is separated by {CsvParser.Name(table.Separator)}, as its header is: check for unquoted {CsvParser.Name(table.Separator)} in names, or quote such fields.");
                raws.Add(new RawPractice(where, [], new RawLocation(double.NaN, double.NaN, null, null, xName, yName, null), [problem], Unusable: true));
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
            string xText = row[xCol].Trim(), yText = row[yCol].Trim();
            var location = new RawLocation(Coordinate(xText), Coordinate(yText), xText, yText, xName, yName, null);
            raws.Add(new RawPractice(where, props, location, [], Unusable: false));
        }
        var crs = Resolve(options.CoordinateSystem, raws, table.Header[xCol]);
        return PracticeValidator.Build(raws, options, crs, "line");
    }

    /// <summary>A column is typed as numbers when every value in it is a finite number (so "NaN" stays text).</summary>
    private static bool[] NumberColumns(CsvTable table)
    {
        var columnIsNumber = new bool[table.Header.Length];
        for (int c = 0; c < table.Header.Length; c++)
        {
            bool numeric = true, any = false;
            for (int r = 0; r < table.Rows.Count && numeric; r++)
            {
                var row = table.Rows[r];
                if (c >= row.Length) continue;
                var s = row[c].AsSpan().Trim();
                if (s.Length == 0) continue;
                any = true;
                numeric = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);
            }
            columnIsNumber[c] = numeric && any;
        }
        return columnIsNumber;
    }

    private static double Coordinate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN;

    private static CoordinateSystem Resolve(CoordinateSystem requested, List<RawPractice> raws, string xHeader)
    {
        if (requested != CoordinateSystem.Auto) return requested;
        if (xHeader.Equals("easting", StringComparison.OrdinalIgnoreCase)) return CoordinateSystem.BritishNationalGrid;
        int metres = 0, degrees = 0;
        foreach (var r in raws)
        {
            var (x, y) = (r.Location.X, r.Location.Y);
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            if (Math.Abs(x) <= 180 && Math.Abs(y) <= 90) degrees++;
            else metres++;
        }
        return metres > degrees ? CoordinateSystem.BritishNationalGrid : CoordinateSystem.Wgs84;
    }

    private static int Find(IReadOnlyList<string> header, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            for (int i = 0; i < header.Count; i++)
                if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>A value quoted in a message, cut to a readable length.</summary>
    internal static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
