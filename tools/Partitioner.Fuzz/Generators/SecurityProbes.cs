using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Requests a hostile web page or a DNS-rebinding attack could make: a cross-site form post (multipart, urlencoded or
/// text/plain, with no intent header), a foreign Host, a foreign Origin, and methods no endpoint takes.
/// </summary>
internal static class SecurityProbes
{
    public static FuzzRequest Next(Random rng)
    {
        switch (rng.Next(6))
        {
            case 0:
            {
                var body = Encoding.UTF8.GetBytes($"--x\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nregion\r\n--x--\r\n");
                return new FuzzRequest("security/cross-site multipart post without the intent header", HttpMethod.Post, Targets.Post(rng), body, "multipart/form-data; boundary=x");
            }
            case 1:
                return new FuzzRequest("security/text/plain post without the intent header", HttpMethod.Post, Targets.Post(rng), Encoding.UTF8.GetBytes("{\"dataset\":\"region\"}"), "text/plain");
            case 2:
                return new FuzzRequest("security/urlencoded form post", HttpMethod.Post, Targets.Post(rng), Encoding.UTF8.GetBytes("dataset=region"), "application/x-www-form-urlencoded");
            case 3:
                return new FuzzRequest("security/foreign Host header", rng.Next(2) == 0 ? HttpMethod.Get : HttpMethod.Post, rng.Pick(new[] { "/v1/datasets", "/v1/jobs", "/ogc", "/" }), null, null)
                {
                    Headers = [("Host", rng.Pick(new[] { "evil.example", "attacker.test:5080", "127.0.0.1.nip.io", "localhost.evil.example" }))],
                };
            case 4:
                return new FuzzRequest("security/foreign Origin on a JSON post", HttpMethod.Post, Targets.Post(rng), Encoding.UTF8.GetBytes("{\"dataset\":\"region\",\"options\":{\"max_steps\":100,\"restarts\":1}}"), "application/json")
                {
                    Headers = [("Origin", "http://evil.example"), (FuzzRequest.IntentHeader, "1")],
                };
            default:
                return new FuzzRequest("security/method no endpoint takes", rng.Pick(new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("PROPFIND"), HttpMethod.Trace }), rng.Pick(new[] { "/v1/jobs", "/v1/solve", "/v1/datasets", "/ogc/collections" }), null, null);
        }
    }
}
