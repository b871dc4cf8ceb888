using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Core.Files;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Reads a multipart/form-data request: a <c>practices</c> file part and optional <c>options</c> (JSON), <c>dataset</c>,
/// <c>group_by</c>, <c>mapping</c> (JSON, or a mapping CSV) and <c>sweep</c> (JSON) parts. The boundary (at most 70 characters, RFC 2046), the number of parts,
/// each part's headers and the whole body are limited before anything is parsed; a part named twice, an unnamed or
/// unknown part, and a truncated body are refused with a 400 naming the part.
/// </summary>
internal sealed class MultipartForm(RequestReader reader, PartitionerApiOptions settings)
{
    /// <summary>RFC 2046: a boundary is 1 to 70 characters.</summary>
    public const int MaxBoundaryLength = 70;

    /// <summary>How many parts a request may have, of practices, options, dataset, group_by, mapping, sweep and
    /// federation_mapping, each once.</summary>
    public const int MaxParts = 5;

    private static readonly string[] Known = ["practices", "options", "dataset", "group_by", "mapping", "sweep", "federation_mapping"];

    public async Task<PlanningInput> ReadAsync(HttpRequest request, MediaTypeHeaderValue media, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new InputException("Content-Type", "boundary", null, "The multipart/form-data request has no boundary parameter (Content-Type: multipart/form-data; boundary=...).");
        if (boundary.Length > MaxBoundaryLength)
            throw new InputException("Content-Type", "boundary", SafeText.Of(boundary), string.Create(CultureInfo.InvariantCulture,
                $"The multipart boundary is {boundary.Length:N0} characters long; RFC 2046 allows at most {MaxBoundaryLength}."));
        var multipart = new MultipartReader(boundary, request.Body)
        {
            BodyLengthLimit = settings.MaxBodyBytes,
            HeadersCountLimit = 8,
            HeadersLengthLimit = 8 * 1024,
        };
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        int index = 0;
        try
        {
            MultipartSection? section;
            while ((section = await multipart.ReadNextSectionAsync(ct)) is not null)
            {
                index++;
                string where = $"part {index}";
                if (index > MaxParts)
                    throw new InputException(where, "(multipart)", null, string.Create(CultureInfo.InvariantCulture,
                        $"The form has more than {MaxParts} parts. Send practices, options, dataset, group_by, mapping and sweep, each at most once."));
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || string.IsNullOrEmpty(disposition.Name.Value))
                    throw new InputException(where, "Content-Disposition", SafeText.Of(section.ContentDisposition),
                        "Each part needs a header Content-Disposition: form-data; name=\"...\" naming it (practices, options, dataset, group_by, mapping or sweep).");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (!Known.Contains(name, StringComparer.Ordinal))
                    throw new InputException($"part '{SafeText.Of(name)}'", "(multipart)", SafeText.Of(name), "Unknown form part. Use practices (file), options (JSON), dataset, group_by, mapping or sweep.");
                if (parts.ContainsKey(name))
                    throw new InputException($"part '{name}'", "(multipart)", name, "The form has this part twice. Send each part once.");
                var bytes = await reader.ReadBodyAsync(section.Body, ct, total);
                total += bytes.Length;
                parts[name] = bytes;
            }
        }
        catch (InvalidDataException e)
        {
            // The reader's own limits (boundary, header lines and sizes) and malformed framing.
            throw new InputException($"part {Math.Max(index, 1)}", "(multipart)", null, $"The multipart body is malformed: {e.Message}");
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new InputException("body", "(multipart)", null, $"The multipart body is incomplete or malformed ({e.Message}). Check it ends with the closing boundary (--boundary--).");
        }

        var practices = parts.GetValueOrDefault("practices");
        string? dataset = Text(parts, "dataset");
        if (practices is null && dataset is null)
            throw new InputException("body", "practices", null, "No practices: add a form part named 'practices' holding the CSV or GeoJSON file (or a 'dataset' part).");
        PlanningOptions options = parts.TryGetValue("options", out var o)
            ? RequestReader.ParseOptions(o, "options part", reader.JsonLimits)
            : QueryOptions.Read(request.Query, reader.JsonLimits);
        JsonNode? mapping = parts.TryGetValue("mapping", out var m) ? Mapping(m, reader, "mapping part") : null;
        JsonNode? federations = parts.TryGetValue("federation_mapping", out var f) ? Mapping(f, reader, "federation_mapping part") : null;
        SweepOptions? sweep = parts.TryGetValue("sweep", out var w)
            ? RequestReader.Deserialize<SweepOptions>(reader.Parse(w, "sweep part") ?? new JsonObject(), "sweep part")
            : null;
        var groupBy = Text(parts, "group_by") ?? options.GroupBy ?? QueryOptions.GroupBy(request.Query);
        return new PlanningInput(dataset, practices, options, groupBy, mapping, sweep, federations);
    }

    /// <summary>
    /// A mapping part (<paramref name="source"/>): JSON (an object, a list of pairs, or for a plan the consortia drawn as a
    /// FeatureCollection), or a mapping CSV as the CLI reads it (practice_code,consortium or consortium,federation;
    /// <see cref="MappingReader"/>), turned into a list of pairs.
    /// </summary>
    private static JsonNode? Mapping(byte[] part, RequestReader reader, string source)
    {
        if (TextStart.FirstByte(part) is -1 or '{' or '[') return reader.Parse(part, source);
        var pairs = MappingReader.Read(new MemoryStream(part, writable: false), source);
        return new JsonArray([.. pairs.Select(p => (JsonNode)new JsonArray(p.Key, p.Value))]);
    }

    private static string? Text(Dictionary<string, byte[]> parts, string name)
    {
        if (!parts.TryGetValue(name, out var bytes)) return null;
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw new InputException($"part '{name}'", name, null, "The part is not valid UTF-8 text.");
        var text = Encoding.UTF8.GetString(bytes).Trim();
        return text.Length == 0 ? null : text;
    }
}
