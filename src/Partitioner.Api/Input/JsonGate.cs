using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Checks a JSON document in one pass before anything is built from it: valid UTF-8, well-formed, nested at most
/// <see cref="MaxDepth"/> levels, no member named twice in one object, at most so many members per object and items per
/// list, and every string valid Unicode (no escaped lone surrogate). A document that passes can be parsed, quoted and
/// serialised again without any of those failing later; one that does not is refused with the place and the reason.
/// Comments and trailing commas are tolerated, as the practice readers tolerate them.
/// </summary>
public static class JsonGate
{
    /// <summary>Deepest nesting accepted: a request with inline GeoJSON practices or a boundary needs about 8.</summary>
    public const int MaxDepth = 32;

    /// <summary>The limits a document is checked against.</summary>
    public sealed record Limits(int MaxMembers, int MaxItems);

    /// <summary>Limits for the service's default settings: 20,000 members (a mapping of every practice), 200,001 items (a boundary ring).</summary>
    public static Limits DefaultLimits { get; } = new(20_000, 200_001);

    /// <summary>Checks the document (<see cref="Check"/>) and parses it.</summary>
    public static System.Text.Json.Nodes.JsonNode? Parse(ReadOnlySpan<byte> json, string where, Limits limits)
    {
        Check(json, where, limits);
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        try { return System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 2 }); }
        catch (JsonException e) { throw new InputException(where, "(json)", null, $"The JSON could not be read: {e.Message}"); }
    }

    /// <summary>Throws <see cref="InputException"/> naming <paramref name="where"/>, the JSON path and the problem.</summary>
    public static void Check(ReadOnlySpan<byte> json, string where, Limits limits)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        if (!Utf8.IsValid(json))
            throw new InputException(where, "(encoding)", null, "The JSON is not valid UTF-8 text. Send it as UTF-8 (RFC 8259).");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 2 });
        var frames = new Frame[MaxDepth + 1];
        int depth = 0;
        string? name = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                    {
                        Count(frames, depth, where, limits);
                        if (depth == MaxDepth)
                            throw new InputException(where, Path(frames, depth, name), null, string.Create(CultureInfo.InvariantCulture,
                                $"The JSON is nested more than {MaxDepth} levels deep here. A request needs far fewer: check the document's structure."));
                        var frame = frames[depth] ??= new Frame();
                        frame.Open(reader.TokenType == JsonTokenType.StartObject, depth == 0 ? null : frames[depth - 1].Object ? name : null);
                        depth++;
                        name = null;
                        break;
                    }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        name = null;
                        break;
                    case JsonTokenType.PropertyName:
                    {
                        name = Text(ref reader, where, frames, depth, null);
                        var frame = frames[depth - 1];
                        if (++frame.Count > limits.MaxMembers)
                            throw new InputException(where, Path(frames, depth, null), null, string.Create(CultureInfo.InvariantCulture,
                                $"The object has more than {limits.MaxMembers:N0} members, more than any request needs."));
                        if (!frame.Names!.Add(name))
                            throw new InputException(where, Path(frames, depth, name), SafeName(name),
                                "The member is given twice in the same object. Give each member once: the JSON does not say which value to use.");
                        break;
                    }
                    case JsonTokenType.String:
                        Count(frames, depth, where, limits);
                        if (reader.ValueIsEscaped) Text(ref reader, where, frames, depth, name);
                        name = null;
                        break;
                    default:
                        Count(frames, depth, where, limits);
                        name = null;
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new InputException($"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}", "(json)", null,
                $"The JSON is not well-formed: {Describe(e)}");
        }
    }

    /// <summary>Counts a value inside a list against the item limit (values inside objects are counted as members).</summary>
    private static void Count(Frame[] frames, int depth, string where, Limits limits)
    {
        if (depth == 0) return;
        var frame = frames[depth - 1];
        if (frame.Object) return;
        if (++frame.Count > limits.MaxItems)
            throw new InputException(where, Path(frames, depth, null), null, string.Create(CultureInfo.InvariantCulture,
                $"The list has more than {limits.MaxItems:N0} items, more than any request needs."));
    }

    private static string Text(ref Utf8JsonReader reader, string where, Frame[] frames, int depth, string? name)
    {
        try { return reader.GetString() ?? ""; }
        catch (InvalidOperationException)
        {
            throw new InputException(where, Path(frames, depth, name), null,
                "The text is not valid Unicode: it holds an escaped lone surrogate (such as \\uD800 without its pair). Correct the text.");
        }
    }

    /// <summary>The serializer's message without its own path noise, or a plain reason.</summary>
    private static string Describe(JsonException e)
    {
        var m = e.Message;
        int cut = m.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) m = m[..cut];
        return m.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $"it is nested more than {MaxDepth} levels deep." : m;
    }

    /// <summary>The JSON path of the value being read, like <c>$.options.locks</c> or <c>$.practices.features[3]</c>.</summary>
    private static string Path(Frame[] frames, int depth, string? name)
    {
        var sb = new StringBuilder("$");
        for (int d = 0; d < depth; d++)
        {
            var f = frames[d];
            if (d + 1 < depth)
            {
                var child = frames[d + 1];
                if (f.Object) sb.Append('.').Append(SafeName(child.NameInParent ?? "?"));
                else sb.Append('[').Append((f.Count - 1).ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        if (name is not null) sb.Append('.').Append(SafeName(name));
        return sb.ToString();
    }

    private static string SafeName(string name) => Errors.SafeText.Of(name.Length <= 60 ? name : name[..60] + "…")!;

    /// <summary>One open object or list: its member names (objects), how many members or items it has so far, and its name in the parent.</summary>
    private sealed class Frame
    {
        public bool Object;
        public int Count;
        public string? NameInParent;
        public HashSet<string>? Names;

        public void Open(bool isObject, string? nameInParent)
        {
            Object = isObject;
            Count = 0;
            NameInParent = nameInParent;
            if (isObject)
            {
                if (Names is null) Names = new HashSet<string>(StringComparer.Ordinal);
                else Names.Clear();
            }
        }
    }
}
