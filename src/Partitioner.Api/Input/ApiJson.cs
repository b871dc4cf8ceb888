using System.Text.Json;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Input;

/// <summary>
/// The JSON conventions of the service: snake_case names, numbers accepted as strings, comments and trailing commas
/// tolerated, a member given twice (even in another case) refused.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.AllowTrailingCommas = true;
        o.ReadCommentHandling = JsonCommentHandling.Skip;
        o.AllowDuplicateProperties = false;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return o;
    }
}
