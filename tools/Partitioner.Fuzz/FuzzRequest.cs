namespace Partitioner.Fuzz;

/// <summary>
/// One request the harness sends. <see cref="Shape"/> names what was malformed (e.g. "json/depth 5000 in options"), so
/// outcomes can be grouped by the kind of input rather than by the random bytes.
/// </summary>
public sealed record FuzzRequest(string Shape, HttpMethod Method, string Path, byte[]? Body = null, string? ContentType = null)
{
    /// <summary>Extra request headers (name, value); the cross-site header is added here by the generators.</summary>
    public List<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>The header every state-changing request from a non-browser client sends.</summary>
    public const string IntentHeader = "X-Partitioner-Request";

    /// <summary>The same request with the intent header, as the map page and scripts send it.</summary>
    public FuzzRequest WithIntent() => this with { Headers = [.. Headers, (IntentHeader, "1")] };

    /// <summary>Body size for the summary.</summary>
    public int Length => Body?.Length ?? 0;
}
