using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// multipart/form-data bodies written byte by byte: boundaries of every length, empty, truncated and LF-only bodies,
/// parts without names, unknown, repeated or very many parts, huge part headers, and broken files inside good parts.
/// </summary>
internal static class MultipartAttacks
{
    public static FuzzRequest Next(Random rng)
    {
        string boundary = "fuzzb0undary";
        string type = $"multipart/form-data; boundary={boundary}";
        string shape;
        byte[] body;
        switch (rng.Next(17))
        {
            case 0:
            {
                int length = rng.Pick(new[] { 1, 69, 70, 71, 200, 5_000 });
                boundary = new string('b', length);
                type = $"multipart/form-data; boundary={boundary}";
                (shape, body) = ($"multipart/{length}-character boundary", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("options", Seeds.QuickOptions)));
                break;
            }
            case 1: (shape, body, type) = ("multipart/no boundary parameter", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv")), "multipart/form-data"); break;
            case 2: (shape, body) = ("multipart/empty body", []); break;
            case 3: (shape, body) = ("multipart/only the closing delimiter", Seeds.Utf8($"--{boundary}--\r\n")); break;
            case 4:
            {
                var full = Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("options", Seeds.QuickOptions));
                (shape, body) = ("multipart/truncated", full[..rng.Next(1, full.Length - 4)]);
                break;
            }
            case 5: (shape, body) = ("multipart/part without Content-Disposition", Seeds.Utf8($"--{boundary}\r\nContent-Type: text/csv\r\n\r\n{Seeds.GridCsv()}\r\n--{boundary}--\r\n")); break;
            case 6: (shape, body) = ("multipart/an extra unknown part", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("options", Seeds.QuickOptions), Part("extra", "x"))); break;
            case 7: (shape, body) = ("multipart/practices twice", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("practices", Seeds.GridGeoJson(), "p.geojson"))); break;
            case 8:
            {
                int parts = rng.Pick(new[] { 100, 5_000, 50_000 });
                var list = new List<string> { Part("practices", Seeds.GridCsv(), "p.csv") };
                for (int i = 0; i < parts; i++) list.Add(Part("options", "{}"));
                (shape, body) = ($"multipart/{parts:N0} parts", Form(boundary, [.. list]));
                break;
            }
            case 9:
            {
                int length = rng.Pick(new[] { 16_000, 100_000, 2_000_000 });
                (shape, body) = ($"multipart/{length:N0}-character part header", Seeds.Utf8($"--{boundary}\r\nContent-Disposition: form-data; name=\"practices\"; filename=\"{new string('f', length)}\"\r\n\r\n{Seeds.GridCsv()}\r\n--{boundary}--\r\n"));
                break;
            }
            case 10: (shape, body) = ("multipart/LF line endings", Seeds.Utf8(Encoding.UTF8.GetString(Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"))).Replace("\r\n", "\n", StringComparison.Ordinal))); break;
            case 11:
            {
                var (csvShape, csv) = CsvAttacks.Next(rng);
                (shape, body) = ($"multipart/practices part: {csvShape}", Form(boundary, PartBytes("practices", csv, "p.csv"), Part("options", Seeds.QuickOptions)));
                break;
            }
            case 12:
            {
                var options = rng.Pick(new[] { "{", "[]", "{\"min\":1e-6}", "{\"a\":{\"a\":{\"a\":{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}}}}", "{\"min\":1,\"min\":2}", "// c\n{}", "{\"min\":\"\\ud800\"}", "null", "" });
                (shape, body) = ($"multipart/options part {(options.Length > 20 ? options[..20] + "…" : options)}", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("options", options)));
                break;
            }
            case 13: (shape, body) = ("multipart/part names odd", Form(boundary, Part(rng.Pick(new[] { "", "PRACTICES", "pr\"actices", "practices\u0000", "прак", "practices; name=options" }), Seeds.GridCsv(), "p.csv"))); break;
            case 14:
            {
                var (geoShape, geo) = GeoJsonAttacks.Boundary(rng);
                (shape, body) = ($"multipart/options with {geoShape}", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv"), Part("options", $"{{\"boundary\":{geo},\"max_steps\":200,\"restarts\":1,\"min\":50000,\"max\":100000}}"), Part("group_by", "ccg_code")));
                break;
            }
            case 15:
            {
                // A mapping part as a spreadsheet's CSV: as users have them, and broken.
                var mapping = rng.Pick(new[]
                {
                    string.Concat(Enumerable.Range(0, 12).Select(i => $"T{i:000},\"West, {i % 2}\"\r\n").Prepend("practice_code,consortium\r\n")),
                    string.Concat(Enumerable.Range(0, 12).Select(i => $"T{i:000};C{i % 3}\n").Prepend("practice_code;consortium\n")),
                    "practice_code,consortium\nT000,\"unclosed\n", "practice_code\nT000\n", "practice_code,consortium\n", "\u00ef\u00bb\u00bf",
                    "practice_code,consortium\n" + string.Concat(Enumerable.Repeat("T000,A\n", 30_000)), "practice_code,consortium\nT000," + new string('x', 200_000) + "\n",
                });
                var group = rng.Next(4) == 0 ? new[] { Part("group_by", "ccg_code") } : [];
                // The same tables as given federations (consortium,federation), which only federations take.
                string part = rng.Next(3) == 0 ? "federation_mapping" : "mapping";
                if (part == "federation_mapping" && rng.Next(2) == 0) mapping = "consortium,federation\nWEST,F\nEAST,F\n";
                (shape, body) = ($"multipart/{part} part as CSV {(mapping.Length > 24 ? mapping[..24].Replace("\n", "|", StringComparison.Ordinal) + "…" : mapping)}",
                    Form(boundary, [Part("practices", Seeds.GridCsv(), "p.csv"), Part(part, mapping, "mapping.csv"), .. group]));
                break;
            }
            default:
                (shape, body, type) = ("multipart/mixed instead of form-data", Form(boundary, Part("practices", Seeds.GridCsv(), "p.csv")), $"multipart/mixed; boundary={boundary}");
                break;
        }
        return Targets.Body(rng, shape, body, type);
    }

    private static string Part(string name, string content, string? file = null) =>
        $"Content-Disposition: form-data; name=\"{name}\"{(file is null ? "" : $"; filename=\"{file}\"")}\r\n\r\n{content}";

    private static string PartBytes(string name, byte[] content, string file) =>
        $"Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n" + Encoding.Latin1.GetString(content);

    /// <summary>Parts joined by the boundary; part text is written as Latin-1 so raw bytes in <see cref="PartBytes"/> survive.</summary>
    private static byte[] Form(string boundary, params string[] parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append("--").Append(boundary).Append("\r\n").Append(p).Append("\r\n");
        sb.Append("--").Append(boundary).Append("--\r\n");
        var text = sb.ToString();
        // Latin-1 keeps raw bytes; anything above U+00FF (odd part names) is written as UTF-8 instead.
        return text.Any(c => c > 0xFF) ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text);
    }
}
