using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Errors;

/// <summary>
/// Text from a request made safe to quote in a problem document: cut to a readable length, with lone surrogates
/// replaced, so quoting a value can never itself fail (a JSON writer refuses invalid UTF-16) or grow the answer.
/// </summary>
public static class SafeText
{
    /// <summary>The longest value quoted.</summary>
    public const int MaxLength = 200;

    public static string? Of(string? text) => Of(text, MaxLength);

    /// <summary>The text cut to <paramref name="maxLength"/> characters, lone surrogates replaced.</summary>
    public static string? Of(string? text, int maxLength)
    {
        if (text is null) return null;
        var cut = text.Length <= maxLength ? text : text[..maxLength] + "…";
        if (!cut.Any(char.IsSurrogate)) return cut;
        var sb = new StringBuilder(cut.Length);
        for (int i = 0; i < cut.Length; i++)
        {
            char c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1])) { sb.Append(c).Append(cut[++i]); continue; }
            sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }

    /// <summary>A JSON value as a short quote: scalars as written, objects and lists described by their size.</summary>
    public static string? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => $"an object of {o.Count} member{(o.Count == 1 ? "" : "s")}",
        JsonArray a => $"a list of {a.Count} item{(a.Count == 1 ? "" : "s")}",
        _ => Of(Scalar(node)),
    };

    private static string Scalar(JsonNode node)
    {
        try { return node.ToJsonString(); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException) { return "(a value that cannot be quoted)"; }
    }
}
