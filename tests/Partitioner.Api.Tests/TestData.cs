using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests;

/// <summary>Tiny inline inputs: a grid of practices around Leeds, 25,000 patients each.</summary>
public static class TestData
{
    public const int Practices = 12;

    /// <summary>A 4 × 3 grid of practices as a GeoJSON FeatureCollection.</summary>
    public static JsonObject Grid(int columns = 4, int rows = 3, Func<int, JsonObject, JsonObject>? edit = null)
    {
        var features = new JsonArray();
        int i = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++, i++)
            {
                var props = new JsonObject
                {
                    ["practice_code"] = $"T{i:000}",
                    ["name"] = $"Test Practice {i}",
                    ["list_size"] = 25_000,
                    ["imd_score"] = 15 + (i % 5) * 4,
                    ["spend"] = 25_000 * 150.0,
                    ["ccg_code"] = c < columns / 2 ? "WEST" : "EAST",
                };
                if (edit is not null) props = edit(i, props);
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["properties"] = props,
                    ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(-1.60 + c * 0.04, 53.78 + r * 0.03) },
                });
            }
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
    }

    /// <summary>The same grid as CSV text.</summary>
    public static string GridCsv(int columns = 4, int rows = 3)
    {
        var sb = new StringBuilder("practice_code,name,lat,lon,list_size,imd_score,spend,ccg_code\n");
        int i = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++, i++)
                sb.Append(CultureInfo.InvariantCulture, $"T{i:000},Practice {i},{53.78 + r * 0.03:0.000000},{-1.60 + c * 0.04:0.000000},25000,{15 + (i % 5) * 4},{25_000 * 150.0},{(c < columns / 2 ? "WEST" : "EAST")}\n");
        return sb.ToString();
    }

    /// <summary>Options that solve the grid quickly: consortia of 2–4 practices.</summary>
    public static JsonObject QuickOptions(long maxSteps = 2_000) => new()
    {
        ["min"] = 50_000,
        ["max"] = 100_000,
        ["max_steps"] = maxSteps,
        ["restarts"] = 2,
        ["seed"] = 3,
        ["time_limit_seconds"] = 20,
    };

    public static JsonObject GridRequest(JsonObject? options = null) => new()
    {
        ["practices"] = Grid(),
        ["options"] = options?.DeepClone() ?? QuickOptions(),
    };

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static MultipartFormDataContent Multipart(string practicesCsv, JsonNode options)
    {
        var form = new MultipartFormDataContent();
        // A form post says it is meant (the service refuses form posts a web page on another site could make).
        form.Headers.TryAddWithoutValidation("X-Partitioner-Request", "1");
        var file = new StringContent(practicesCsv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "practices", "practices.csv");
        form.Add(new StringContent(options.ToJsonString(), Encoding.UTF8, "application/json"), "options");
        return form;
    }
}
