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
        bool dataset = rng.Next(3) == 0;
        var options = $"{{\"boundary\":{json},\"max_steps\":300,\"restarts\":1,\"min\":{(dataset ? 100000 : 50000)},\"max\":{(dataset ? 750000 : 100000)}}}";
        return Targets.Json(rng, shape, Seeds.Request(dataset ? null : Seeds.GridGeoJson(), options, dataset));
    }
}
