namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Chooses what each request is: request <c>i</c> of a run with seed <c>s</c> is always the same request, whatever the
/// concurrency, so a finding can be replayed with <c>--seed s --first i --count 1</c>.
/// </summary>
public static class RequestMix
{
    /// <summary>The kinds of request and their weights (out of 100).</summary>
    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("json", 18), ("options", 15), ("csv", 8), ("geojson", 6), ("boundary", 8), ("multipart", 11), ("query", 8), ("size", 3), ("read", 9), ("security", 4),
        ("layers", 10),
    ];

    public static FuzzRequest Build(int seed, int index, long maxBodyBytes)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        int roll = rng.Next(100);
        foreach (var (kind, weight) in Kinds)
        {
            if (roll >= weight) { roll -= weight; continue; }
            return kind switch
            {
                "json" => JsonAttacks.Next(rng),
                "options" => OptionAttacks.Next(rng),
                "csv" => Csv(rng),
                "geojson" => GeoJson(rng),
                "boundary" => Boundary(rng),
                "multipart" => MultipartAttacks.Next(rng),
                "query" => QueryAttacks.Next(rng),
                "size" => QueryAttacks.Sizes(rng, maxBodyBytes),
                "read" => ReadAttacks.Next(rng),
                "layers" => LayerAttacks.Next(rng),
                _ => SecurityProbes.Next(rng),
            };
        }
        throw new InvalidOperationException("The weights do not add up to 100.");
    }

    private static FuzzRequest Csv(Random rng)
    {
        var (shape, body) = CsvAttacks.Next(rng);
        return Targets.Body(rng, shape, body, "text/csv", "?min=20000&max=200000&max_steps=500&restarts=1&group_by=ccg_code");
    }

    private static FuzzRequest GeoJson(Random rng)
    {
        var (shape, json) = GeoJsonAttacks.Practices(rng);
        return rng.Next(2) == 0
            ? Targets.Body(rng, shape, Seeds.Utf8(json), "application/geo+json", "?max_steps=500&restarts=1&group_by=ccg_code")
            : Targets.Json(rng, shape + " (inline)", Seeds.Request(json, Seeds.QuickOptions));
    }

    private static FuzzRequest Boundary(Random rng)
    {
        var (shape, json) = GeoJsonAttacks.Boundary(rng);
        if (rng.Next(4) == 0) return Drawn(rng, shape, json);
        bool dataset = rng.Next(3) == 0;
        var options = $"{{\"boundary\":{json},\"max_steps\":300,\"restarts\":1,\"min\":{(dataset ? 100000 : 50000)},\"max\":{(dataset ? 750000 : 100000)}}}";
        return Targets.Json(rng, shape, Seeds.Request(dataset ? null : Seeds.GridGeoJson(), options, dataset));
    }

    /// <summary>A proposal drawn as consortium polygons (the mapping of an evaluation or federation): the hostile
    /// geometry as one consortium, beside one that covers every grid practice, or alone; names odd now and then.</summary>
    private static FuzzRequest Drawn(Random rng, string shape, string geometry)
    {
        string name = rng.Pick(new[] { "\"A\"", "\"A\"", "\"\"", "1", "null", "{\"x\":1}", "\"" + new string('n', 5_000) + "\"" });
        var features = new List<string> { $"{{\"type\":\"Feature\",\"properties\":{{\"consortium\":{name}}},\"geometry\":{geometry}}}" };
        if (rng.Next(3) > 0)
            features.Add("{\"type\":\"Feature\",\"properties\":{\"consortium\":\"Around\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,53.5],[-1.2,53.5],[-1.2,54.1],[-1.9,54.1],[-1.9,53.5]]]}}");
        var mapping = "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features.OrderBy(_ => rng.Next())) + "]}";
        string path = rng.Pick(new[] { "/v1/evaluations", "/v1/evaluations", "/v1/federations" });
        string options = path == "/v1/federations" ? "{\"federations\":{\"min\":100000},\"min\":50000,\"max\":100000}" : "{\"min\":50000,\"max\":100000}";
        var body = Seeds.Request(Seeds.GridGeoJson(), options, groupBy: null, members: ("mapping", mapping));
        return new FuzzRequest($"drawn/{shape} as a consortium{(features.Count > 1 ? " beside another" : "")}", HttpMethod.Post, path, Seeds.Utf8(body), "application/json").WithIntent();
    }
}
