using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// The endpoints built after the first harness, around a plan rather than the plan itself: sweeps of balance bands,
/// ensembles and their outlier tests, federations, and the layers and tables they serve. Bodies are well-formed requests
/// whose sweep, ensemble, federation and risk settings hold absurd values; reads and outlier tests go to the run's own
/// finished sweep, ensemble and job (<see cref="Fixture"/>: the harness makes them before the first request and puts
/// their ids in the paths) as well as to ids that do not exist.
/// </summary>
internal static class LayerAttacks
{
    /// <summary>Placeholders in a path, filled at sending with the ids of the run's own finished work.</summary>
    public static class Fixture
    {
        public const string Sweep = "{fixture-sweep}";
        public const string Ensemble = "{fixture-ensemble}";
        public const string Job = "{fixture-job}";
    }

    private static readonly string[] BandLists =
        ["[0.3,0.2]", "[]", "[0]", "[-0.1]", "[1e308]", "[\"NaN\"]", "[0.3,0.3,0.3]", "[2]", "[0.000001]", "[null]", "[\"0.2\"]", "[[0.2]]", "{\"a\":0.2}",
         "0.2", "\"bound\"", "true", "[" + string.Join(",", Enumerable.Repeat("0.2", 10_000)) + "]", "[0.3,0.25,0.2,0.15,0.1,0.05]", "[1e-300]", "[0.5,-0.5]"];

    private static readonly string[] Ends = ["\"bound\"", "0.1", "0", "-1", "0.4", "1e308", "\"NaN\"", "\"nope\"", "null", "[]", "{}", "true"];

    private static readonly string[] Steps = ["0.05", "0", "-0.05", "1e-9", "1e-300", "1e308", "\"NaN\"", "null", "\"0.1\"", "[]"];

    private static readonly string[] Counts = ["0", "1", "2", "-1", "20", "100000", "100001", "2147483647", "1e9", "9999999999999999999", "0.5", "\"10\"", "null", "[]", "true", "-9223372036854775808"];

    private static readonly string[] Fractions = ["0", "0.01", "0.5", "1", "-0.1", "2", "1e308", "\"NaN\"", "null", "[]", "\"x\"", "4.9e-324"];

    private static readonly string[] FederationMappings =
    [
        "{\"WEST\":\"F\",\"EAST\":\"F\"}", "[[\"WEST\",\"F1\"],[\"EAST\",\"F2\"]]", "[{\"consortium\":\"WEST\",\"federation\":\"F\"}]",
        "{\"R01\":\"N\",\"R02\":\"N\",\"R03\":\"N\",\"R04\":\"N\",\"R05\":\"S\",\"R06\":\"S\",\"R07\":\"S\",\"R08\":\"S\"}",
        "{\"WEST\":\"A\",\"WEST\":\"B\"}", "{\"WEST\":1}", "{\"\":\"\"}", "[]", "[[1,2,3]]", "1", "null", "\"x\"",
        "{" + string.Join(",", Enumerable.Range(0, 25_000).Select(i => $"\"C{i}\":\"F{i % 9}\"")) + "}",
        "{\"WEST\":\"" + new string('f', 100_000) + "\"}",
    ];

    private static readonly string[] Fields = ["\"ccg_code\"", "\"\"", "\"nope\"", "\"list_size\"", "\"practice_code\"", "1", "null", "[]", "\"\\u0000\"", "\"" + new string('f', 5_000) + "\""];

    public static FuzzRequest Next(Random rng) => rng.Next(10) switch
    {
        < 3 => Sweep(rng),
        < 5 => Ensemble(rng),
        5 => Outliers(rng),
        < 8 => Federations(rng),
        _ => Read(rng),
    };

    private static FuzzRequest Sweep(Random rng)
    {
        var members = new List<string>();
        string shape;
        switch (rng.Next(4))
        {
            case 0:
                string bands = rng.Pick(BandLists);
                members.Add($"\"bands\":{bands}");
                shape = "bands=" + Short(bands);
                break;
            case 1:
                string from = rng.Pick(Fractions), to = rng.Pick(Ends), step = rng.Pick(Steps);
                members.Add($"\"from\":{from}");
                members.Add($"\"to\":{to}");
                members.Add($"\"step\":{step}");
                shape = $"from={from} to={to} step={step}";
                break;
            case 2:
                members.Add("\"bands\":[0.3,0.2]");
                members.Add("\"from\":0.3");
                shape = "bands and from";
                break;
            default:
                string extra = rng.Pick(new[] { "\"colour\":\"red\"", "\"floors\":\"yes\"", "\"floors\":1", "\"floors\":null", "\"floors\":true", "\"to\":\"bound\"" });
                members.Add("\"bands\":[0.3,0.15]");
                members.Add(extra);
                shape = "bands + " + extra;
                break;
        }
        if (rng.Next(3) == 0 && !members.Any(m => m.StartsWith("\"floors\"", StringComparison.Ordinal))) { members.Add("\"floors\":true"); shape += " floors"; }
        string sweep = rng.Next(12) switch
        {
            0 => "null",
            1 => "[]",
            2 => "\"0.2\"",
            _ => "{" + string.Join(",", members) + "}",
        };
        bool dataset = rng.Next(3) > 0;
        var body = Body(dataset, Quick(rng), ("sweep", sweep));
        return Post($"sweep/{Short(shape)}", rng.Next(10) == 0 ? "/v1/jobs" : "/v1/sweeps", body);
    }

    private static FuzzRequest Ensemble(Random rng)
    {
        var names = new[] { "plans", "chains", "thin", "burn_in", "count", "start_steps", "seed" };
        var members = new List<string>();
        var shape = new StringBuilder("ensemble/");
        foreach (var name in names.OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)))
        {
            string value = rng.Pick(Counts);
            members.Add($"\"{name}\":{value}");
            shape.Append(name).Append('=').Append(Short(value)).Append(' ');
        }
        // Small enough to finish when every other value is sensible.
        foreach (var (name, value) in new[] { ("plans", "20"), ("chains", "2"), ("thin", "5"), ("burn_in", "20"), ("count", "8") })
            if (!members.Any(m => m.StartsWith($"\"{name}\"", StringComparison.Ordinal))) members.Add($"\"{name}\":{value}");
        if (rng.Next(6) == 0) { members.Add("\"colour\":\"red\""); shape.Append("+unknown"); }
        string ensemble = rng.Next(12) == 0 ? rng.Pick(new[] { "null", "[]", "1", "\"x\"" }) : "{" + string.Join(",", members) + "}";
        string options = rng.Next(5) == 0 ? "{\"locks\":{\"N00001\":\"A\"}}" : "{\"balance\":\"deprivation=0.3\",\"seed\":3}";
        var body = Body(rng.Next(4) > 0, options, ("ensemble", ensemble), ("group_by", rng.Pick(Fields)));
        return Post(shape.ToString().TrimEnd(), "/v1/ensembles", body);
    }

    private static FuzzRequest Outliers(Random rng)
    {
        string id = rng.Next(3) > 0 ? Fixture.Ensemble : rng.Pick(new[] { "0", "nope", "%2e%2e", new string('e', 3_000), "%00" });
        string body = rng.Next(6) switch
        {
            0 => "{\"group_by\":" + rng.Pick(Fields) + "}",
            1 => "{\"mapping\":{\"N00001\":\"A\",\"N00002\":\"B\"}}",
            2 => "{\"mapping\":{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"X{i}\":\"C{i % 7}\"")) + "}}",
            3 => "{\"mapping\":" + rng.Pick(new[] { "[]", "1", "null", "\"x\"", "{\"N00001\":1}", "{\"\":\"A\"}" }) + "}",
            4 => "{\"group_by\":\"ccg_code\",\"mapping\":{\"N00001\":\"A\"}}",
            _ => rng.Pick(new[] { "", "{}", "[]", "{\"colour\":1}", "{\"group_by\":\"ccg_code\"", "null" }),
        };
        return Post($"outliers/{(id == Fixture.Ensemble ? "fixture" : "unknown")} {Short(body)}", $"/v1/ensembles/{id}/outliers", body);
    }

    private static FuzzRequest Federations(Random rng)
    {
        string Group() => "{" + string.Join(",", new[] { "min", "max", "count_max" }.OrderBy(_ => rng.Next()).Take(1 + rng.Next(2))
            .Select(n => $"\"{n}\":{rng.Pick(Counts)}")) + (rng.Next(8) == 0 ? ",\"colour\":1" : "") + "}";
        var (name, value) = rng.Next(8) switch
        {
            0 => ("federations", Group()),
            1 => ("agencies", Group()),
            2 => ("federation_by", rng.Pick(Fields)),
            3 => ("risk", "{" + string.Join(",", new[] { $"\"cv\":{rng.Pick(Fractions)}", $"\"practice_sd\":{rng.Pick(Fractions)}", $"\"reserve\":{rng.Pick(Fractions)}",
                $"\"reserves\":{rng.Pick(new[] { "[0.01,0.02]", "[]", "[-1]", "[\"NaN\"]", "[1e308]", "null", "[" + string.Join(",", Enumerable.Repeat("0.01", 5_000)) + "]" })}" }
                .OrderBy(_ => rng.Next()).Take(1 + rng.Next(3))) + "}"),
            4 => ("max_overspend_risk", rng.Pick(Fractions)),
            5 => ("federations", rng.Pick(new[] { "null", "[]", "1", "\"x\"", "{}" })),
            6 => ("mosaic", "{\"distance_km\":" + rng.Pick(Fractions) + ",\"min_density\":" + rng.Pick(Fractions) + "}"),
            _ => ("federations", "{\"min\":500000}"),
        };
        string options = $"{{\"{name}\":{value},\"max_steps\":2000,\"restarts\":1}}";
        bool mapping = rng.Next(4) == 0;
        (string, string)[] members = [mapping ? ("mapping", "{\"N00001\":\"A\"}") : ("group_by", rng.Pick(Fields))];
        // Given federations as a consortium → federation table: the grid's and the region's, and hostile ones.
        if (rng.Next(3) == 0) members = [.. members, ("federation_mapping", rng.Pick(FederationMappings))];
        var body = Body(rng.Next(3) > 0, options, members);
        return Post($"federations/{name}={Short(value)}{(members.Length > 1 ? " +federation_mapping" : "")}", rng.Next(4) == 0 ? "/v1/jobs" : "/v1/federations", body);
    }

    private static FuzzRequest Read(Random rng)
    {
        string sweep = rng.Next(3) > 0 ? Fixture.Sweep : rng.Pick(new[] { "0", "nope", "%2e%2e", new string('s', 3_000) });
        string ensemble = rng.Next(3) > 0 ? Fixture.Ensemble : rng.Pick(new[] { "0", "nope", "%00" });
        string job = rng.Next(3) > 0 ? Fixture.Job : rng.Pick(new[] { "0", "nope" });
        return rng.Next(6) switch
        {
            0 => Get($"/v1/sweeps/{sweep}{rng.Pick(new[] { "", "/table", "/table?format=csv", "/table?format=xml", "/table?format=", "/x", "?x=1" })}"),
            1 => Get($"/v1/ensembles/{ensemble}{rng.Pick(new[] { "", "/report", "/plans", "/cores", "/coassignment", "/coassignment?format=csv", "/coassignment?format=pdf", "/x" })}"),
            2 => Get($"/v1/jobs/{job}{rng.Pick(new[] { "/federations", "/agencies", "/localities", "/report", "/geopackage?crs=EPSG:27700", "/consortia?crs=x" })}"),
            3 => Get($"/ogc/collections/job-{job}-{rng.Pick(new[] { "consortia", "practices", "x" })}/items{rng.Pick(new[] { "", "?limit=1", "?bbox=0,0,0,0", "?offset=-1" })}"),
            4 => new FuzzRequest("layers/GET a sweep as a job", HttpMethod.Get, $"/v1/jobs/{sweep}"),
            _ => new FuzzRequest("layers/DELETE unknown", HttpMethod.Delete, rng.Pick(new[] { "/v1/sweeps/nope", "/v1/ensembles/nope", "/v1/sweeps/%2e%2e", "/v1/ensembles/0" })).WithIntent(),
        };
    }

    /// <summary>Options that keep a valid sweep quick: few steps, one restart, a short time limit.</summary>
    private static string Quick(Random rng) => rng.Next(6) == 0
        ? "{\"max_steps\":" + rng.Pick(Counts) + ",\"time_limit_seconds\":" + rng.Pick(Fractions) + "}"
        : "{\"min\":100000,\"max\":300000,\"max_steps\":2000,\"restarts\":1,\"time_limit_seconds\":5}";

    /// <summary>A request on the bundled region or a small inline grid, with the options and members given as raw JSON.</summary>
    private static string Body(bool dataset, string options, params (string Name, string Json)[] members) =>
        Seeds.Request(dataset ? null : Seeds.GridGeoJson(), options, dataset, groupBy: null, members);

    private static FuzzRequest Post(string shape, string path, string json) =>
        new FuzzRequest($"layers/{shape}", HttpMethod.Post, path, Seeds.Utf8(json), "application/json").WithIntent();

    private static FuzzRequest Get(string path) => new($"layers/GET {ReadAttacks.Shape(path)}", HttpMethod.Get, path);

    private static string Short(string text) => text.Length <= 24 ? text : text[..24] + $"…({text.Length})";
}
