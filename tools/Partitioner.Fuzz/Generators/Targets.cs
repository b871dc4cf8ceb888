namespace Partitioner.Fuzz.Generators;

/// <summary>The endpoints that take practices in a body, chosen at random for each generated body.</summary>
internal static class Targets
{
    public static readonly string[] BodyEndpoints =
        ["/v1/solve", "/v1/jobs", "/v1/evaluations", "/v1/localities/{c}", "/v1/federations", "/v1/sweeps", "/v1/ensembles"];

    /// <summary>One of the practice-taking endpoints, with a consortium in the localities path.</summary>
    public static string Post(Random rng)
    {
        var path = rng.Pick(BodyEndpoints);
        return path.Contains("{c}", StringComparison.Ordinal) ? path.Replace("{c}", rng.Pick(Seeds.Consortia), StringComparison.Ordinal) : path;
    }

    /// <summary>A POST of <paramref name="body"/> as <paramref name="contentType"/> to a random endpoint, with the intent header.</summary>
    public static FuzzRequest Body(Random rng, string shape, byte[] body, string contentType, string? query = null) =>
        new FuzzRequest(shape, HttpMethod.Post, Post(rng) + (query ?? ""), body, contentType).WithIntent();

    public static FuzzRequest Json(Random rng, string shape, string json, string? query = null) =>
        Body(rng, shape, Seeds.Utf8(json), "application/json", query);
}
