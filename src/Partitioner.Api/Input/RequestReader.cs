using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Reads a planning request in any of its accepted forms: a JSON body ({practices | dataset, options, ...}), a GeoJSON
/// or CSV body with options in the query string, or multipart/form-data with a <c>practices</c> file and an
/// <c>options</c> JSON part. Enforces the body size limit (413) and the media types (415); every JSON document passes
/// the <see cref="JsonGate"/> before it is parsed, so a malformed one is a 400 naming the place, never a fault later.
/// </summary>
public sealed class RequestReader(IOptions<PartitionerApiOptions> settings)
{
    public const string AcceptedMediaTypes = "application/json (with practices or dataset), application/geo+json, text/csv, or multipart/form-data with a 'practices' file part and an 'options' JSON part";

    private readonly PartitionerApiOptions _settings = settings.Value;

    /// <summary>The limits every JSON document of a request is checked against.</summary>
    public JsonGate.Limits JsonLimits => new(Math.Max(1_000, _settings.MaxPractices), Math.Max(_settings.MaxPractices, _settings.MaxBoundaryVertices) + 1);

    public async Task<PlanningInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var input = await ReadFormAsync(request, ct);
        RequestNames.Check(input);
        return input;
    }

    private async Task<PlanningInput> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
            throw ApiProblemException.UnsupportedMediaType(contentType, AcceptedMediaTypes);
        var type = media.MediaType.Value?.ToLowerInvariant() ?? "";
        if (request.ContentLength > _settings.MaxBodyBytes)
            throw TooLarge(request.ContentLength.Value);

        switch (type)
        {
            case "application/json":
            {
                var body = await ReadBodyAsync(request.Body, ct);
                return FromJsonBody(body, request.Query);
            }
            case "application/geo+json":
            case "text/csv":
            {
                var body = await ReadBodyAsync(request.Body, ct);
                var options = QueryOptions.Read(request.Query, JsonLimits);
                return new PlanningInput(null, body, options, QueryOptions.GroupBy(request.Query), null);
            }
            case "multipart/form-data":
                return await new MultipartForm(this, _settings).ReadAsync(request, media, ct);
            default:
                throw ApiProblemException.UnsupportedMediaType(contentType, AcceptedMediaTypes);
        }
    }

    /// <summary>
    /// Reads a JSON body that carries one member besides the planning request's (e.g. <c>"ensemble"</c>): the planning
    /// input from the rest, and that member (null when absent). Only application/json (415 otherwise).
    /// </summary>
    public async Task<(PlanningInput Input, JsonNode? Member)> ReadJsonWithAsync(HttpRequest request, string member, CancellationToken ct)
    {
        var (body, root) = await ReadJsonAsync(request, "application/json", ct);
        if (root is null) return (FromJsonBody(body, request.Query), null);
        JsonNode? extra = null;
        // Without the member the bytes no longer match the document; only a bare FeatureCollection needs them again.
        bool removed = root is JsonObject obj && obj.Remove(member, out extra);
        var input = FromJsonDocument(root, removed ? null : body, request.Query);
        RequestNames.Check(input);
        return (input, extra);
    }

    /// <summary>
    /// Reads a body that must be application/json (415 naming <paramref name="accepted"/> otherwise) within the size
    /// limit (413) through the <see cref="JsonGate"/> (nesting, a member named twice, sizes, encoding): the bytes and
    /// the document (null when the body is empty).
    /// </summary>
    public async Task<(byte[] Body, JsonNode? Root)> ReadJsonAsync(HttpRequest request, string accepted, CancellationToken ct)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !string.Equals(media.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
            throw ApiProblemException.UnsupportedMediaType(contentType, accepted);
        if (request.ContentLength > _settings.MaxBodyBytes) throw TooLarge(request.ContentLength.Value);
        var body = await ReadBodyAsync(request.Body, ct);
        return (body, body.Length == 0 ? null : Parse(body, "body"));
    }

    private PlanningInput FromJsonBody(byte[] body, IQueryCollection query)
    {
        if (body.Length == 0) throw new InputException("body", "(json)", null, "The request body is empty. Send {\"dataset\": \"region\"} or {\"practices\": {FeatureCollection}} with optional \"options\".");
        return FromJsonDocument(Parse(body, "body"), body, query);
    }

    /// <summary>The planning input a JSON request states; <paramref name="body"/> is the document's bytes, kept as they
    /// are for a bare FeatureCollection (null when the document was changed: it is then written out again, and only then).</summary>
    private PlanningInput FromJsonDocument(JsonNode? root, byte[]? body, IQueryCollection query)
    {
        if (root is not JsonObject obj) throw new InputException("body", "(json)", null, "The request body must be a JSON object: {\"dataset\": \"region\", \"options\": {...}}.");

        // A bare FeatureCollection posted as application/json is accepted too, with options in the query string.
        if (obj["type"] is JsonValue t && t.TryGetValue<string>(out var ts) && ts == "FeatureCollection")
            return new PlanningInput(null, body ?? JsonSerializer.SerializeToUtf8Bytes(obj), QueryOptions.Read(query, JsonLimits), QueryOptions.GroupBy(query), null);

        var request = Deserialize<PlanningRequest>(obj, "body");
        if (request.Practices is not null && request.Dataset is not null)
            throw new InputException("body", "practices", null, "Give either practices or dataset, not both.");
        if (request.Practices is null && string.IsNullOrWhiteSpace(request.Dataset))
            throw new InputException("body", "practices", null, "No practices: give \"practices\" (a GeoJSON FeatureCollection) or \"dataset\" (see GET /v1/datasets).");
        byte[]? practices = null;
        if (request.Practices is not null)
        {
            if (request.Practices is not JsonObject)
                throw new InputException("body", "practices", SafeText.Of(request.Practices), "\"practices\" must be a GeoJSON FeatureCollection object. To send CSV, POST it as text/csv or multipart/form-data.");
            practices = JsonSerializer.SerializeToUtf8Bytes(request.Practices);
        }
        var options = request.Options ?? new PlanningOptions();
        if (query.Count > 0) options = QueryOptions.Merge(options, QueryOptions.Read(query, JsonLimits));
        return new PlanningInput(request.Dataset?.Trim(), practices, options, request.GroupBy ?? options.GroupBy, request.Mapping, request.Sweep, request.FederationMapping);
    }

    /// <summary>Checks a JSON document with the <see cref="JsonGate"/> and parses it; throws <see cref="InputException"/>.</summary>
    public JsonNode? Parse(ReadOnlySpan<byte> json, string where) => JsonGate.Parse(json, where, JsonLimits);

    internal async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken ct, long already = 0)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (already + buffer.Length + read > _settings.MaxBodyBytes) throw TooLarge(null);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal ApiProblemException TooLarge(long? length) => ApiProblemException.TooLarge(
        $"The request body{(length is null ? "" : $" ({length:N0} bytes)")} is larger than this service accepts ({_settings.MaxBodyBytes:N0} bytes). Send fewer practices or fewer properties per practice.");

    /// <summary>Parses an options JSON document, reporting unknown or mistyped members as input problems.</summary>
    public static PlanningOptions ParseOptions(ReadOnlySpan<byte> json, string where, JsonGate.Limits? limits = null)
    {
        var node = json.IsEmpty ? new JsonObject() : JsonGate.Parse(json, where, limits ?? JsonGate.DefaultLimits);
        return node is JsonObject o ? Deserialize<PlanningOptions>(o, where) : throw new InputException(where, "options", SafeText.Of(node), "The options must be a JSON object, e.g. {\"min\": 100000, \"max\": 750000}.");
    }

    /// <summary>Options stored with a job by this service (already checked when it was submitted).</summary>
    public static PlanningOptions StoredOptions(string json) =>
        Deserialize<PlanningOptions>(JsonNode.Parse(json) ?? new JsonObject(), "options");

    internal static T Deserialize<T>(JsonNode node, string where)
    {
        try
        {
            return node.Deserialize<T>(ApiJson.Options) ?? throw new InputException(where, "(json)", null, "The JSON is null.");
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            string message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown member. Check the spelling against the OpenAPI document (/openapi/v1.json); names are snake_case."
                : e.Message.StartsWith("Duplicate", StringComparison.Ordinal)
                    ? "The member is given twice (names are matched ignoring case). Give it once."
                    : $"The value has the wrong type: expected {Expected(e.Message)}.";
            throw new InputException(where, SafeText.Of(path)!, null, message);
        }
    }

    /// <summary>What a planner should write instead, from the serializer's message naming a .NET type.</summary>
    private static string Expected(string message) =>
        message.Contains("UInt", StringComparison.Ordinal) ? "a whole number of 0 or more"
        : message.Contains("Int", StringComparison.Ordinal) ? "a whole number"
        : message.Contains("Double", StringComparison.Ordinal) ? "a number (e.g. 100000 or 0.2)"
        : message.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : message.Contains("String", StringComparison.Ordinal) ? "text in double quotes"
        : "another kind of value (see the OpenAPI document, /openapi/v1.json)";
}
