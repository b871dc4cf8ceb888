using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Practices posted as text/csv or application/geo+json with the options in the query string (absurd values, options
/// given twice or in conflicting forms, broken percent-encoding, thousands of parameters), and bodies of every odd size.
/// </summary>
internal static class QueryAttacks
{
    private static readonly string[] Queries =
    [
        "?min=1e-6", "?min=0", "?min=-1", "?max=1e12", "?max=1e15", "?min=NaN", "?max=Infinity", "?time_limit_seconds=1e12", "?time_limit_seconds=0",
        "?count_min=99999999999", "?count_min=5&count_max=2", "?seed=-1", "?seed=18446744073709551616", "?restarts=100000", "?threads=0", "?max_steps=0",
        "?objective=1&spread=2", "?spread=2&objective=1", "?spread=abc", "?disruption=1", "?balance=deprivation", "?balance=deprivation=NaN", "?balance=,,,",
        "?fields=code", "?fields=code=", "?fields==x", "?locks=A", "?locks=T001=", "?locks=T001=A,T001=B", "?min=1&min=2", "?MIN=1", "?min=%FF%FE",
        "?options=%7B", "?options=%7B%22min%22%3A1e-6%7D", "?options=" + Uri.EscapeDataString(new string('[', 3000)), "?options=" + Uri.EscapeDataString("{\"min\":\"\\ud800\"}"),
        "?options=null", "?options=%7B%7D&min=1", "?unknown=1", "?%00=1", "?=1", "?&&&", "?group_by=", "?group_by=%E2%98%83", "?layer=xyz", "?layer=report",
        "?mode=best_effort&max=1", "?crs=bng", "?crs=epsg:4326", "?missing=mean", "?bridge_islands=maybe", "?exact=true", "?recombine=1", "?dataset=region",
        "?target_size=1e-300", "?deprived_share=2", "?count_preference=nearest",
    ];

    public static FuzzRequest Next(Random rng)
    {
        string query = rng.Next(8) == 0 ? ManyParameters(rng) : rng.Pick(Queries);
        bool csv = rng.Next(2) == 0;
        var body = csv ? Seeds.Utf8(Seeds.GridCsv()) : Seeds.Utf8(Seeds.GridGeoJson());
        if (!query.Contains("group_by", StringComparison.Ordinal) && rng.Next(2) == 0) query += "&group_by=ccg_code";
        return Targets.Body(rng, $"query/{(csv ? "csv" : "geojson")} body {(query.Length > 40 ? query[..40] + "…" : query)}", body, csv ? "text/csv" : "application/geo+json", query);
    }

    private static string ManyParameters(Random rng)
    {
        int n = rng.Pick(new[] { 1_000, 20_000 });
        var sb = new StringBuilder("?min=100000");
        for (int i = 0; i < n; i++) sb.Append("&p").Append(i).Append("=1");
        return sb.ToString();
    }

    /// <summary>Bodies far too large or too small for what they claim to be.</summary>
    public static FuzzRequest Sizes(Random rng, long maxBodyBytes)
    {
        switch (rng.Next(6))
        {
            case 0:
            {
                var body = new byte[maxBodyBytes + 1 + rng.Next(1024)];
                Array.Fill(body, (byte)'a');
                Seeds.Utf8("practice_code,lat,lon,list_size\n").CopyTo(body, 0);
                return Targets.Body(rng, "size/one byte over the body limit", body, "text/csv");
            }
            case 1:
            {
                // Just under the body limit: every reader limit must still hold.
                var body = new byte[Math.Min(maxBodyBytes - 16, 80L * 1024 * 1024)];
                var line = Seeds.Utf8("1,53,-1,1\n");
                Seeds.Utf8("practice_code,lat,lon,list_size\n").CopyTo(body, 0);
                for (int i = 32; i + line.Length <= body.Length; i += line.Length) line.CopyTo(body, i);
                return Targets.Body(rng, "size/just under the body limit", body, "text/csv");
            }
            case 2: return Targets.Body(rng, "size/empty body", [], rng.Pick(new[] { "application/json", "text/csv", "application/geo+json" }));
            case 3: return Targets.Body(rng, "size/one byte", [(byte)rng.Pick(new[] { '{', '[', '"', ',', '\n', 'a', '\0' })], rng.Pick(new[] { "application/json", "text/csv", "application/geo+json" }));
            case 4: return new FuzzRequest("size/no content type", HttpMethod.Post, Targets.Post(rng), Seeds.Utf8("{\"dataset\":\"region\"}")).WithIntent();
            default: return Targets.Body(rng, "size/content type unknown", Seeds.Utf8("{\"dataset\":\"region\"}"), rng.Pick(new[] { "application/xml", "text/plain", "image/png", "application/json; charset=ebcdic", "application/json; boundary=x", "*/*", "application/x-www-form-urlencoded", ";;;", "application/json;;charset=\"" }));
        }
    }
}
