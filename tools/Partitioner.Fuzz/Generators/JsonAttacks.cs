using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Malformed JSON request bodies: deep nesting, duplicate names, comments, bad UTF-8, escaped lone surrogates, odd
/// roots and numbers, many members, long strings, truncation and random byte damage.
/// </summary>
internal static class JsonAttacks
{
    private static readonly int[] Depths = [20, 31, 32, 33, 63, 64, 65, 100, 257, 1_000, 10_000, 200_000];

    public static FuzzRequest Next(Random rng) => rng.Next(12) switch
    {
        0 => Deep(rng),
        1 => Duplicates(rng),
        2 => Comments(rng),
        3 => BadUtf8(rng),
        4 => Surrogates(rng),
        5 => OddRoot(rng),
        6 => Numbers(rng),
        7 => ManyMembers(rng),
        8 => LongStrings(rng),
        9 => Truncated(rng),
        10 => Damaged(rng),
        _ => Encodings(rng),
    };

    private static string Nest(int depth, string inner, bool arrays)
    {
        var sb = new StringBuilder(depth * 6 + inner.Length);
        for (int i = 0; i < depth; i++) sb.Append(arrays ? "[" : "{\"a\":");
        sb.Append(inner);
        for (int i = 0; i < depth; i++) sb.Append(arrays ? ']' : '}');
        return sb.ToString();
    }

    private static FuzzRequest Deep(Random rng)
    {
        int depth = rng.Pick(Depths);
        bool arrays = rng.Next(2) == 0;
        var nested = Nest(depth, "1", arrays);
        var (where, json) = rng.Next(8) switch
        {
            0 => ("root", nested),
            1 => ("options", Seeds.Request(null, nested, dataset: true)),
            2 => ("options.balance", Seeds.Request(null, $"{{\"balance\":{nested}}}", dataset: true)),
            3 => ("options.boundary", Seeds.Request(null, $"{{\"boundary\":{{\"type\":\"Polygon\",\"coordinates\":{nested}}}}}", dataset: true)),
            4 => ("practice properties", Seeds.Request(Seeds.GridGeoJson(extraProperties: i => i == 0 ? $",\"deep\":{nested}" : ""), Seeds.QuickOptions)),
            5 => ("mapping", $"{{\"dataset\":\"region\",\"mapping\":{nested}}}"),
            6 => ("options.locks", Seeds.Request(null, $"{{\"locks\":{nested}}}", dataset: true)),
            _ => ("options.objective", Seeds.Request(null, $"{{\"objective\":{nested}}}", dataset: true)),
        };
        return Targets.Json(rng, $"json/depth {depth} {(arrays ? "arrays" : "objects")} in {where}", json);
    }

    private static FuzzRequest Duplicates(Random rng)
    {
        var (where, json) = rng.Next(7) switch
        {
            0 => ("dataset", """{"dataset":"region","dataset":"england","options":{"max_steps":100}}"""),
            1 => ("options.min", """{"dataset":"region","options":{"min":100000,"min":1e-6}}"""),
            2 => ("options", """{"dataset":"region","options":{"seed":1},"options":{"seed":2}}"""),
            3 => ("practice property", Seeds.Request(Seeds.GridGeoJson(extraProperties: _ => ",\"list_size\":1e15"), Seeds.QuickOptions)),
            4 => ("boundary type", Seeds.Request(null, """{"boundary":{"type":"Polygon","type":"Point","coordinates":[[[-1.7,53.7],[-1.4,53.7],[-1.4,53.9],[-1.7,53.7]]]}}""", dataset: true)),
            5 => ("mapping", """{"dataset":"region","mapping":{"N00001":"A","N00001":"B"}}"""),
            _ => ("case variants", """{"dataset":"region","Dataset":"england","options":{"Min":1,"min":100000}}"""),
        };
        return Targets.Json(rng, $"json/duplicate names in {where}", json);
    }

    private static FuzzRequest Comments(Random rng)
    {
        var (where, json) = rng.Next(6) switch
        {
            0 => ("before root", "// a comment\n" + Seeds.Request(null, Seeds.QuickOptions, dataset: true)),
            1 => ("in options", """{"dataset":"region","options":{/* rules */"min":100000 // floor""" + "\n}}"),
            2 => ("unterminated", """{"dataset":"region" /* never closed"""),
            3 => ("in practices", Seeds.Request(Seeds.GridGeoJson().Replace("\"features\":[", "\"features\":[/*x*/", StringComparison.Ordinal), Seeds.QuickOptions)),
            4 => ("only a comment", "/* nothing */"),
            _ => ("after root", Seeds.Request(null, Seeds.QuickOptions, dataset: true) + "// trailing"),
        };
        return Targets.Json(rng, $"json/comment {where}", json);
    }

    private static FuzzRequest BadUtf8(Random rng)
    {
        byte[][] bad = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80]];
        var seq = rng.Pick(bad);
        var (where, template) = rng.Next(4) switch
        {
            0 => ("dataset name", "{\"dataset\":\"re@gion\"}"),
            1 => ("member name", "{\"dataset\":\"region\",\"options\":{\"m@in\":1}}"),
            2 => ("practice name", Seeds.Request(Seeds.GridGeoJson().Replace("Practice 3", "Practice @", StringComparison.Ordinal), Seeds.QuickOptions)),
            _ => ("between tokens", "{\"dataset\":\"region\",@\"options\":{}}"),
        };
        var bytes = Splice(Seeds.Utf8(template), (byte)'@', seq);
        return Targets.Body(rng, $"json/invalid UTF-8 {Convert.ToHexString(seq)} in {where}", bytes, "application/json");
    }

    private static byte[] Splice(byte[] bytes, byte marker, byte[] with)
    {
        int at = Array.IndexOf(bytes, marker);
        return [.. bytes[..at], .. with, .. bytes[(at + 1)..]];
    }

    private static FuzzRequest Surrogates(Random rng)
    {
        string lone = rng.Pick(new[] { "\\ud800", "\\udfff", "\\ud800\\ud800", "abc\\ud83d", "\\udc00x", "\\uD834" });
        var (where, json) = rng.Next(8) switch
        {
            0 => ("dataset", $"{{\"dataset\":\"{lone}\"}}"),
            1 => ("member name", $"{{\"dataset\":\"region\",\"options\":{{\"{lone}\":1}}}}"),
            2 => ("mode", $"{{\"dataset\":\"region\",\"options\":{{\"mode\":\"{lone}\"}}}}"),
            3 => ("group_by", $"{{\"dataset\":\"region\",\"group_by\":\"{lone}\"}}"),
            4 => ("mapping", $"{{\"dataset\":\"region\",\"mapping\":{{\"N00001\":\"{lone}\"}}}}"),
            5 => ("practice code", Seeds.Request(Seeds.GridGeoJson().Replace("T003", lone, StringComparison.Ordinal), Seeds.QuickOptions)),
            6 => ("balance", $"{{\"dataset\":\"region\",\"options\":{{\"balance\":\"{lone}=0.2\"}}}}"),
            _ => ("locks", $"{{\"dataset\":\"region\",\"options\":{{\"locks\":{{\"{lone}\":\"{lone}\"}}}}}}"),
        };
        return Targets.Json(rng, $"json/lone surrogate in {where}", json);
    }

    private static FuzzRequest OddRoot(Random rng)
    {
        string json = rng.Pick(new[] { "null", "1", "\"region\"", "[]", "true", "{}", "", " ", "\n\n", "[{\"dataset\":\"region\"}]", "{\"practices\":null}", "{\"practices\":[]}", "{\"practices\":\"a,b\\n1,2\"}", "{\"dataset\":null}", "{\"dataset\":1}", "{\"options\":[]}", "{\"dataset\":\"region\",\"options\":null}", "{\"dataset\":\"region\",\"options\":\"min=1\"}", "{\"type\":\"FeatureCollection\"}", "{\"type\":\"FeatureCollection\",\"features\":{}}" });
        return Targets.Json(rng, $"json/odd root {Short(json)}", json);
    }

    private static FuzzRequest Numbers(Random rng)
    {
        string n = rng.Pick(new[] { "1e400", "-1e400", "123456789012345678901234567890", "0.000000000000000000000000000000001", "-0", "1e-400", "NaN", "Infinity", "-Infinity", "0x10", "1.", ".5", "01", "+1", "1e", "--1", "9223372036854775808", "18446744073709551616", "-9223372036854775809", "4.9e-324", "1.7976931348623157e308" });
        string option = rng.Pick(new[] { "min", "max", "count_min", "count_max", "target_size", "seed", "time_limit_seconds", "max_steps", "restarts", "threads", "deprived_share" });
        return Targets.Json(rng, $"json/number {n} for {option}", $"{{\"dataset\":\"region\",\"options\":{{\"{option}\":{n}}}}}");
    }

    private static FuzzRequest ManyMembers(Random rng)
    {
        int n = rng.Pick(new[] { 1_001, 20_001, 100_000, 400_000 });
        var sb = new StringBuilder("{\"dataset\":\"region\",\"");
        string where = rng.Pick(new[] { "options", "root", "locks", "mapping", "fields" });
        sb.Append(where switch { "root" => "x0\":0", "options" => "options\":{\"x\":0", "locks" => "options\":{\"locks\":{\"x\":\"A\"", "fields" => "options\":{\"fields\":{\"x\":\"A\"", _ => "mapping\":{\"x\":\"A\"" });
        for (int i = 1; i < n; i++) sb.Append(where is "root" or "options" ? $",\"x{i}\":{i}" : $",\"x{i}\":\"A\"");
        sb.Append(where == "root" ? "}" : "}}");
        if (where is "locks" or "fields") sb.Append('}');
        return Targets.Json(rng, $"json/{n:N0} members in {where}", sb.ToString());
    }

    private static FuzzRequest LongStrings(Random rng)
    {
        int length = rng.Pick(new[] { 10_000, 1_000_000, 8_000_000 });
        var s = new string('a', length);
        var (where, json) = rng.Next(4) switch
        {
            0 => ("dataset", $"{{\"dataset\":\"{s}\"}}"),
            1 => ("member name", $"{{\"dataset\":\"region\",\"options\":{{\"{s}\":1}}}}"),
            2 => ("group_by", $"{{\"dataset\":\"region\",\"group_by\":\"{s}\"}}"),
            _ => ("balance", $"{{\"dataset\":\"region\",\"options\":{{\"balance\":\"deprivation={s}\"}}}}"),
        };
        return Targets.Json(rng, $"json/{length:N0}-character string in {where}", json);
    }

    private static FuzzRequest Truncated(Random rng)
    {
        var full = Seeds.Request(Seeds.GridGeoJson(), Seeds.QuickOptions);
        int cut = rng.Next(1, full.Length);
        return Targets.Json(rng, "json/truncated request", full[..cut]);
    }

    private static FuzzRequest Damaged(Random rng)
    {
        var bytes = Seeds.Utf8(rng.Next(2) == 0 ? Seeds.Request(Seeds.GridGeoJson(), Seeds.QuickOptions) : Seeds.Request(null, Seeds.QuickOptions, dataset: true));
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits; e++)
        {
            int at = rng.Next(bytes.Length);
            bytes = rng.Next(3) switch
            {
                0 => [.. bytes[..at], (byte)rng.Next(256), .. bytes[(at + 1)..]],
                1 => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + 1 + rng.Next(20))..]],
                _ => [.. bytes[..at], .. bytes[at..Math.Min(bytes.Length, at + 1 + rng.Next(30))], .. bytes[at..]],
            };
        }
        return Targets.Body(rng, "json/random damage", bytes, "application/json");
    }

    private static FuzzRequest Encodings(Random rng)
    {
        var json = Seeds.Request(null, Seeds.QuickOptions, dataset: true);
        return rng.Next(4) switch
        {
            0 => Targets.Body(rng, "json/UTF-8 byte order mark", [0xEF, 0xBB, 0xBF, .. Seeds.Utf8(json)], "application/json"),
            1 => Targets.Body(rng, "json/UTF-16 body", Encoding.Unicode.GetBytes(json), "application/json; charset=utf-16"),
            2 => Targets.Body(rng, "json/NUL bytes", [.. Seeds.Utf8(json[..10]), 0, 0, .. Seeds.Utf8(json[10..])], "application/json"),
            _ => Targets.Body(rng, "json/UTF-32 body", Encoding.UTF32.GetBytes(json), "application/json"),
        };
    }

    private static string Short(string s) => s.Length <= 24 ? s : s[..24] + "…";
}
