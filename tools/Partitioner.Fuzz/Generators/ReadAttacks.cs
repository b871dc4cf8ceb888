namespace Partitioner.Fuzz.Generators;

/// <summary>
/// GETs and DELETEs with odd paths and queries: dataset names, job ids and their documents, OGC collections, items with
/// absurd limit/offset/bbox/crs, and feature ids.
/// </summary>
internal static class ReadAttacks
{
    private static readonly string[] Names =
        ["region", "england", "REGION", "nope", "..", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "region%00", "%FF", "%E2%98%83", "a%2Fb", new string('n', 2_000), "region.", " region"];

    private static readonly string[] JobIds = ["0", "00000000000000000000000000000000", "%2e%2e", "x'; DROP TABLE jobs; --", new string('f', 4_000), "%00", "%FF%FE", "null"];

    private static readonly string[] Collections =
        ["dataset-region-practices", "dataset-region-boundary", "dataset-england-practices", "dataset-nope-practices", "job-0-consortia", "job--consortia", "dataset--", "", "%00", new string('c', 3_000)];

    private static readonly string[] ItemQueries =
    [
        "", "?limit=0", "?limit=-1", "?limit=1e9", "?limit=2147483648", "?limit=10000", "?offset=-5", "?offset=2147483647", "?offset=99999999999",
        "?bbox=1,2,3", "?bbox=NaN,0,1,1", "?bbox=-1e308,-1e308,1e308,1e308", "?bbox=3,3,1,1", "?bbox=-2,53,-1,54,0,10", "?bbox=0,0,0,0",
        "?bbox=1e300,1e300,1e301,1e301&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/27700", "?bbox=-1e7,-1e7,1e7,1e7&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/27700",
        "?crs=http://www.opengis.net/def/crs/EPSG/0/27700", "?crs=EPSG:4326", "?crs=%00", "?f=xml", "?f=json&f=html", "?unknown=1", "?limit=1&limit=2", "?bbox=,,,",
    ];

    public static FuzzRequest Next(Random rng) => rng.Next(7) switch
    {
        0 => Get("datasets", $"/v1/datasets/{rng.Pick(Names)}/{rng.Pick(new[] { "practices", "boundary", "councils", "x", "" })}"),
        1 => Get("datasets", rng.Pick(new[] { "/v1/datasets", "/v1/datasets/", "/v1/datasets?x=1" })),
        2 => Get("jobs", $"/v1/jobs/{rng.Pick(JobIds)}{rng.Pick(new[] { "", "/consortia", "/practices", "/report", "/geopackage", "/geopackage?crs=EPSG:9999", "/x" })}"),
        3 => new FuzzRequest("read/DELETE unknown job", HttpMethod.Delete, $"/v1/jobs/{rng.Pick(JobIds)}"),
        4 => Get("ogc", $"/ogc/collections/{rng.Pick(Collections)}"),
        5 => Get("ogc items", $"/ogc/collections/{rng.Pick(Collections[..4])}/items{rng.Pick(ItemQueries)}"),
        _ => Get("ogc item", $"/ogc/collections/{rng.Pick(Collections[..4])}/items/{rng.Pick(new[] { "N00001", "nope", "%00", "..", new string('i', 3_000) })}{rng.Pick(new[] { "", "?crs=EPSG:27700", "?limit=1" })}"),
    };

    private static FuzzRequest Get(string what, string path) => new($"read/{what} {Shape(path)}", HttpMethod.Get, path);

    /// <summary>The path with long runs cut, so a 3,000-character name is one shape.</summary>
    internal static string Shape(string path) => path.Length <= 80 ? path : path[..60] + $"…({path.Length} chars)";
}
