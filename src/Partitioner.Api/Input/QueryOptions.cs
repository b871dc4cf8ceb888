using System.Text;
using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Options given as query parameters (with a CSV or GeoJSON body): <c>?min=100000&amp;balance=deprivation=0.2&amp;fields=code=ods_code</c>,
/// or the whole options object as <c>?options={...}</c>. The same names and checks as the JSON options.
/// </summary>
public static class QueryOptions
{
    /// <summary>Parameters that are not options (read elsewhere).</summary>
    private static readonly string[] NotOptions = ["group_by", "dataset", "layer"];

    public static PlanningOptions Read(IQueryCollection query, JsonGate.Limits limits)
    {
        var o = new JsonObject();
        foreach (var (key, values) in query)
        {
            var name = key.Trim().ToLowerInvariant();
            var text = values.ToString();
            switch (name)
            {
                case "options":
                    return RequestReader.ParseOptions(Encoding.UTF8.GetBytes(text), "query parameter 'options'", limits);
                case "balance":
                    o["balance"] = new JsonArray(values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        .Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
                    break;
                case "fields":
                case "locks":
                    o[name] = Pairs(name, values);
                    break;
                // The boundary and risk weights share their names with the boundary and risk options, so only these are here.
                case "spread" or "disruption" or "coterminosity":
                    ((JsonObject)(o["objective"] ??= new JsonObject()))[name] = text;
                    break;
                case "objective":
                    throw new InputException($"query parameter '{name}'", name, SafeText.Of(text),
                        "In the query string give the objective's weights as spread=W, disruption=W and coterminosity=W, e.g. ?spread=0.5; the boundary and risk weights go in ?options={\"objective\": {\"boundary\": 1}}.");
                case "boundary":
                    throw new InputException($"query parameter '{name}'", name, SafeText.Of(text), "A boundary does not fit in the query string: send the request as JSON or multipart/form-data with the boundary in the options.");
                default:
                    if (NotOptions.Contains(name)) break;
                    if (values.Count > 1)
                        throw new InputException($"query parameter '{SafeText.Of(name)}'", SafeText.Of(name)!, SafeText.Of(text), "The parameter is given more than once. Give it once.");
                    o[name] = text is "true" or "false" ? JsonValue.Create(text == "true") : JsonValue.Create(text);
                    break;
            }
        }
        return RequestReader.Deserialize<PlanningOptions>(o, "query string");
    }

    /// <summary>The plan's grouping field given in the query string, if any.</summary>
    public static string? GroupBy(IQueryCollection query) => query["group_by"].FirstOrDefault();

    /// <summary>name=value pairs of <c>fields</c> or <c>locks</c>, each name once.</summary>
    private static JsonObject Pairs(string option, Microsoft.Extensions.Primitives.StringValues values)
    {
        var map = new JsonObject();
        foreach (var v in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            int eq = v.IndexOf('=');
            if (eq <= 0 || eq == v.Length - 1)
                throw new InputException($"query parameter '{option}'", option, SafeText.Of(v), option == "fields" ? "Expected field=column, e.g. fields=code=ods_code." : "Expected code=consortium, e.g. locks=Y00001=North.");
            var key = v[..eq].Trim();
            if (map.ContainsKey(key))
                throw new InputException($"query parameter '{option}'", $"{option}.{SafeText.Of(key)}", SafeText.Of(v), $"'{SafeText.Of(key)}' is given twice. Give it once.");
            map[key] = v[(eq + 1)..].Trim();
        }
        return map;
    }

    /// <summary>The query string only fills what the body left out.</summary>
    public static PlanningOptions Merge(PlanningOptions body, PlanningOptions query)
    {
        foreach (var p in typeof(PlanningOptions).GetProperties())
            if (p.GetValue(body) is null && p.GetValue(query) is { } v) p.SetValue(body, v);
        return body;
    }
}
