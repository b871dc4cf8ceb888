using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>Well-formed requests whose options hold absurd values: out of range, non-finite, wrong types, conflicting, huge.</summary>
internal static class OptionAttacks
{
    private static readonly string[] Numbers =
        ["0", "-1", "1e-6", "0.5", "1", "2", "1e9", "1e12", "1e15", "1.2e21", "1e308", "-1e308", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e12\"", "\"\"", "\"abc\"",
         "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "9999999999999999999", "-9223372036854775808", "2147483648", "4.9e-324", "\"0x10\"", "\" 12 \""];

    private static readonly string[] NumericOptions =
        ["min", "max", "count_min", "count_max", "target_size", "deprived_share", "seed", "time_limit_seconds", "max_steps", "restarts", "threads",
         "seeds", "localities", "pace_cap", "max_moves", "max_moved_patients", "max_overspend_risk"];

    private static readonly string[] TextOptions = ["count_preference", "mode", "crs", "missing", "disruption_field", "group_by", "federation_by", "council_field"];

    private static readonly string[] Texts = ["\"\"", "\"fewest\"", "\"most\"", "\"nearest\"", "\"best_effort\"", "\"strict\"", "\"bng\"", "\"wgs84\"", "\"exclude\"", "\"mean\"", "\"xyz\"", "1", "true", "[]", "{}", "\"\\u0000\"", "\"ccg_code\"", "\"list_size\""];

    private static readonly string[] Balances =
        ["\"deprivation=0.2\"", "\"deprivation=-1\"", "\"deprivation=1e308\"", "\"spend=15abs\"", "\"spend=NaN\"", "\"x=0.2\"", "\"deprivation\"", "\"=\"", "\",,,\"", "\"deprivation=0.2,deprivation=0.3\"",
         "[\"deprivation=0.2\",1]", "[[]]", "{\"deprivation\":0}", "{\"deprivation\":-0.5}", "{\"deprivation\":{\"tolerance\":\"NaN\",\"kind\":\"relative\"}}", "{\"deprivation\":{\"tolerance\":0.2,\"kind\":\"sideways\"}}",
         "{\"deprivation\":{\"tolerance\":0.2,\"extra\":1}}", "{\"spend\":\"20%\"}", "{\"spend\":\"1e400abs\"}", "{\"\":0.2}", "1", "true", "{\"deprivation\":[]}", "\"deprivation=0.000000001\""];

    public static FuzzRequest Next(Random rng)
    {
        var members = new List<string>();
        int count = 1 + rng.Next(3);
        var shape = new StringBuilder("options/");
        for (int k = 0; k < count; k++)
        {
            var (name, value) = rng.Next(10) switch
            {
                < 5 => (rng.Pick(NumericOptions), rng.Pick(Numbers)),
                5 => (rng.Pick(TextOptions), rng.Pick(Texts)),
                6 => ("balance", rng.Pick(Balances)),
                7 => Special(rng),
                8 => ("objective", rng.Pick(new[] { "{\"spread\":1e308}", "{\"disruption\":1}", "{\"spread\":-1}", "{\"spread\":\"NaN\"}", "{\"unknown\":1}", "[]", "1", "{\"disruption\":1e7}",
                "{\"boundary\":1e308}", "{\"risk\":-1}", "{\"coterminosity\":\"NaN\"}", "{\"coterminosity\":5}" })),
                _ => (rng.Pick(new[] { "exact", "recombine", "bridge_islands", "recut", "whole_councils" }), rng.Pick(new[] { "true", "false", "1", "\"yes\"", "null", "[]" })),
            };
            members.Add($"\"{name}\":{value}");
            shape.Append(k > 0 ? " + " : "").Append(name).Append('=').Append(value.Length > 20 ? value[..20] + "…" : value);
        }
        // Practices from the bundled region (300 practices) or a small inline grid, so valid combinations stay quick.
        bool dataset = rng.Next(3) > 0;
        var options = "{" + string.Join(",", members) + "}";
        var json = Seeds.Request(dataset ? null : Seeds.GridGeoJson(), options, dataset, groupBy: rng.Next(2) == 0 ? "ccg_code" : null);
        return Targets.Json(rng, shape.ToString(), json);
    }

    private static (string, string) Special(Random rng) => rng.Next(10) switch
    {
        6 => (rng.Pick(new[] { "federations", "agencies" }), rng.Pick(new[] { "{\"min\":500000}", "{\"min\":-1}", "{\"max\":1e308}", "{\"count_max\":0}", "{\"colour\":1}", "[]", "1" })),
        7 => ("risk", rng.Pick(new[] { "{\"cv\":-1}", "{\"reserves\":[\"NaN\"]}", "{\"reserve\":1e308}", "{\"practice_sd\":0}", "[]", "{\"x\":1}" })),
        8 => ("mosaic", rng.Pick(new[] { "{\"distance_km\":-5}", "{\"min_density\":1e308}", "{\"area\":{\"type\":\"Polygon\",\"coordinates\":[]}}", "{}", "1" })),
        9 => ("councils", rng.Pick(new[] { "{\"type\":\"FeatureCollection\",\"features\":[]}", "[]", "\"x\"", "{\"type\":\"Point\",\"coordinates\":[0,0]}" })),
        0 => ("locks", "{\"N00001\":\"A\",\"N00002\":\"B\",\"N00003\":\"A\"}"),
        1 => ("locks", "{\"nope\":\"A\"}"),
        2 => ("locks", "{" + string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"X{i}\":\"C{i}\"")) + "}"),
        3 => ("fields", rng.Pick(new[] { "{\"code\":\"name\"}", "{\"patients\":\"imd_score\"}", "{\"x\":\"lat\",\"y\":\"lon\"}", "{\"nonsense\":\"a\"}", "{\"code\":\"\"}", "{\"code\":1}", "{\"group\":\"list_size\"}" })),
        4 => ("max", "1"),
        _ => ("unknown_option", "1"),
    };
}
