using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Reads a planning request in any of its accepted forms: a JSON body ({practices | dataset, options, ...}), a GeoJSON
/// or CSV body with options in the query string, or multipart/form-data with a <c>practices</c> file and an
/// <c>options</c> JSON part. Enforces the body size limit (413) and the media types (415).
/// </summary>
public sealed class RequestReader(IOptions<PartitionerApiOptions> settings)
{
    public const string AcceptedMediaTypes = "application/json (with practices or dataset), application/geo+json, text/csv, or multipart/form-data with a 'practices' file part and an 'options' JSON part";

    private readonly PartitionerApiOptions _settings = settings.Value;

    public async Task<PlanningInput> ReadAsync(HttpRequest request, CancellationToken ct)
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
                return new PlanningInput(null, body, OptionsFromQuery(request.Query), request.Query["group_by"].FirstOrDefault(), null);
            }
            case "multipart/form-data":
                return await FromMultipartAsync(request, media, ct);
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
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !string.Equals(media.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
            throw ApiProblemException.UnsupportedMediaType(contentType, "application/json");
        if (request.ContentLength > _settings.MaxBodyBytes) throw TooLarge(request.ContentLength.Value);
        var body = await ReadBodyAsync(request.Body, ct);
        JsonNode? extra = null;
        if (body.Length > 0)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 }); }
            catch (JsonException e) { throw new InputException($"line {(e.LineNumber ?? 0) + 1}", "(json)", null, $"The request body is not valid JSON: {e.Message}"); }
            if (root is JsonObject obj && obj.Remove(member, out extra)) body = JsonSerializer.SerializeToUtf8Bytes(obj);
        }
        return (FromJsonBody(body, request.Query), extra);
    }

    private PlanningInput FromJsonBody(byte[] body, IQueryCollection query)
    {
        if (body.Length == 0) throw new InputException("body", "(json)", null, "The request body is empty. Send {\"dataset\": \"region\"} or {\"practices\": {FeatureCollection}} with optional \"options\".");
        JsonNode? root;
        try { root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 }); }
        catch (JsonException e) { throw new InputException($"line {(e.LineNumber ?? 0) + 1}", "(json)", null, $"The request body is not valid JSON: {e.Message}"); }
        if (root is not JsonObject obj) throw new InputException("body", "(json)", null, "The request body must be a JSON object: {\"dataset\": \"region\", \"options\": {...}}.");

        // A bare FeatureCollection posted as application/json is accepted too, with options in the query string.
        if (obj["type"] is JsonValue t && t.TryGetValue<string>(out var ts) && ts == "FeatureCollection")
            return new PlanningInput(null, body, OptionsFromQuery(query), query["group_by"].FirstOrDefault(), null);

        var request = Deserialize<PlanningRequest>(obj, "body");
        if (request.Practices is not null && request.Dataset is not null)
            throw new InputException("body", "practices", null, "Give either practices or dataset, not both.");
        if (request.Practices is null && string.IsNullOrWhiteSpace(request.Dataset))
            throw new InputException("body", "practices", null, "No practices: give \"practices\" (a GeoJSON FeatureCollection) or \"dataset\" (see GET /v1/datasets).");
        byte[]? practices = null;
        if (request.Practices is not null)
        {
            if (request.Practices is not JsonObject)
                throw new InputException("body", "practices", null, "\"practices\" must be a GeoJSON FeatureCollection object. To send CSV, POST it as text/csv or multipart/form-data.");
            practices = JsonSerializer.SerializeToUtf8Bytes(request.Practices);
        }
        var options = request.Options ?? new PlanningOptions();
        if (query.Count > 0) options = Merge(options, OptionsFromQuery(query));
        return new PlanningInput(request.Dataset?.Trim(), practices, options, request.GroupBy ?? options.GroupBy, request.Mapping);
    }

    private async Task<PlanningInput> FromMultipartAsync(HttpRequest request, MediaTypeHeaderValue media, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new InputException("body", "(multipart)", null, "The multipart/form-data request has no boundary.");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = _settings.MaxBodyBytes };
        byte[]? practices = null;
        string? dataset = null, groupBy = null;
        PlanningOptions? options = null;
        JsonNode? mapping = null;
        long total = 0;
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                var disposition = section.GetContentDispositionHeader();
                var name = disposition?.Name.Value?.Trim('"') ?? "";
                var bytes = await ReadBodyAsync(section.Body, ct, total);
                total += bytes.Length;
                switch (name)
                {
                    case "practices": practices = bytes; break;
                    case "options": options = ParseOptions(bytes, "options part"); break;
                    case "dataset": dataset = Encoding.UTF8.GetString(bytes).Trim(); break;
                    case "group_by": groupBy = Encoding.UTF8.GetString(bytes).Trim(); break;
                    case "mapping":
                        try { mapping = JsonNode.Parse(bytes); }
                        catch (JsonException e) { throw new InputException("mapping part", "mapping", null, $"The mapping part is not valid JSON: {e.Message}"); }
                        break;
                    default:
                        throw new InputException($"part '{name}'", "(multipart)", name, "Unknown form part. Use practices (file), options (JSON), dataset, group_by or mapping.");
                }
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(null);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new InputException("body", "(multipart)", null, $"The multipart body could not be read: {e.Message}");
        }
        if (practices is null && dataset is null)
            throw new InputException("body", "practices", null, "No practices: add a form part named 'practices' holding the CSV or GeoJSON file (or a 'dataset' part).");
        options ??= OptionsFromQuery(request.Query);
        return new PlanningInput(dataset, practices, options, groupBy ?? options.GroupBy ?? request.Query["group_by"].FirstOrDefault(), mapping);
    }

    private async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken ct, long already = 0)
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

    private ApiProblemException TooLarge(long? length) => ApiProblemException.TooLarge(
        $"The request body{(length is null ? "" : $" ({length:N0} bytes)")} is larger than this service accepts ({_settings.MaxBodyBytes:N0} bytes). Send fewer practices or fewer properties per practice.");

    /// <summary>Parses an options JSON document, reporting unknown or mistyped members as input problems.</summary>
    public static PlanningOptions ParseOptions(byte[] json, string where)
    {
        JsonNode? node;
        try { node = json.Length == 0 ? new JsonObject() : JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new InputException(where, "options", null, $"The options are not valid JSON: {e.Message}"); }
        return node is JsonObject o ? Deserialize<PlanningOptions>(o, where) : throw new InputException(where, "options", null, "The options must be a JSON object, e.g. {\"min\": 100000, \"max\": 750000}.");
    }

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
                ? $"Unknown member. Check the spelling against the OpenAPI document (/openapi/v1.json); names are snake_case. ({e.Message})"
                : $"The value has the wrong type: expected {Expected(e.Message)}.";
            throw new InputException(where, path, null, message);
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

    /// <summary>Options given as query parameters (for CSV/GeoJSON bodies): ?min=100000&amp;balance=deprivation=0.2&amp;fields=code=ods_code.</summary>
    public static PlanningOptions OptionsFromQuery(IQueryCollection query)
    {
        var o = new JsonObject();
        foreach (var (key, values) in query)
        {
            var name = key.Trim().ToLowerInvariant();
            switch (name)
            {
                case "options":
                    return ParseOptions(Encoding.UTF8.GetBytes(values.ToString()), "query parameter 'options'");
                case "balance":
                    o["balance"] = new JsonArray(values.Where(v => v is not null).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
                    break;
                case "fields":
                case "locks":
                {
                    var map = new JsonObject();
                    foreach (var v in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                    {
                        int eq = v.IndexOf('=');
                        if (eq <= 0 || eq == v.Length - 1)
                            throw new InputException($"query parameter '{name}'", name, v, name == "fields" ? "Expected field=column, e.g. fields=code=ods_code." : "Expected code=consortium, e.g. locks=Y00001=North.");
                        map[v[..eq].Trim()] = v[(eq + 1)..].Trim();
                    }
                    o[name] = map;
                    break;
                }
                case "spread" or "disruption":
                    o["objective"] ??= new JsonObject();
                    o["objective"]![name] = values.ToString();
                    break;
                case "group_by" or "dataset" or "layer":
                    if (name == "group_by") o["group_by"] = values.ToString();
                    break;
                default:
                {
                    var v = values.ToString();
                    o[name] = v is "true" or "false" ? JsonValue.Create(v == "true") : JsonValue.Create(v);
                    break;
                }
            }
        }
        return Deserialize<PlanningOptions>(o, "query string");
    }

    private static PlanningOptions Merge(PlanningOptions body, PlanningOptions query)
    {
        // The query string only fills what the body left out.
        foreach (var p in typeof(PlanningOptions).GetProperties())
            if (p.GetValue(body) is null && p.GetValue(query) is { } v) p.SetValue(body, v);
        return body;
    }
}
