using System.Globalization;
using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Valid starting points the generators break: a small grid of practices near Leeds (GeoJSON and CSV), options that
/// solve it in a moment, and a study boundary around it.
/// </summary>
internal static class Seeds
{
    public const string Dataset = "region";

    /// <summary>Consortium names the localities endpoint is asked for: real ones, unknown ones, odd ones.</summary>
    public static readonly string[] Consortia = ["WEST", "EAST", "R06", "S07", "nope", "%20", "a%2Fb", "%E2%98%83", new string('x', 300), "..", "%2e%2e"];

    public static string QuickOptions => """{"min":50000,"max":100000,"max_steps":500,"restarts":1,"seed":3,"time_limit_seconds":5}""";

    /// <summary>A grid of <paramref name="columns"/> × <paramref name="rows"/> practices of 25,000 patients, as a FeatureCollection.</summary>
    public static string GridGeoJson(int columns = 4, int rows = 3, Func<int, string>? extraProperties = null)
    {
        var sb = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        int i = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++, i++)
            {
                if (i > 0) sb.Append(',');
                var x = (-1.60 + c * 0.04).ToString("0.000000", CultureInfo.InvariantCulture);
                var y = (53.78 + r * 0.03).ToString("0.000000", CultureInfo.InvariantCulture);
                sb.Append("{\"type\":\"Feature\",\"properties\":{")
                  .Append(CultureInfo.InvariantCulture, $"\"practice_code\":\"T{i:000}\",\"name\":\"Practice {i}\",\"list_size\":25000,\"imd_score\":{15 + i % 5 * 4},\"spend\":3750000,")
                  .Append(CultureInfo.InvariantCulture, $"\"ccg_code\":\"{(c < columns / 2 ? "WEST" : "EAST")}\"{extraProperties?.Invoke(i) ?? ""}")
                  .Append("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[").Append(x).Append(',').Append(y).Append("]}}");
            }
        return sb.Append("]}").ToString();
    }

    /// <summary>The same grid as CSV.</summary>
    public static string GridCsv(int columns = 4, int rows = 3)
    {
        var sb = new StringBuilder("practice_code,name,lat,lon,list_size,imd_score,spend,ccg_code\n");
        int i = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++, i++)
                sb.Append(CultureInfo.InvariantCulture, $"T{i:000},Practice {i},{53.78 + r * 0.03:0.000000},{-1.60 + c * 0.04:0.000000},25000,{15 + i % 5 * 4},3750000,{(c < columns / 2 ? "WEST" : "EAST")}\n");
        return sb.ToString();
    }

    /// <summary>A rectangle around the grid as a GeoJSON Polygon.</summary>
    public static string Boundary => """{"type":"Polygon","coordinates":[[[-1.7,53.7],[-1.4,53.7],[-1.4,53.9],[-1.7,53.9],[-1.7,53.7]]]}""";

    /// <summary>A whole JSON request around practices (a FeatureCollection) or a dataset, with options, an optional plan
    /// grouping and further members given as raw JSON (a sweep, an ensemble, a grouping of any JSON type).</summary>
    public static string Request(string? practices, string? options, bool dataset = false, string? groupBy = "ccg_code",
        params (string Name, string Json)[] members)
    {
        var parts = new List<string>();
        if (dataset) parts.Add($"\"dataset\":\"{Dataset}\"");
        else if (practices is not null) parts.Add($"\"practices\":{practices}");
        if (options is not null) parts.Add($"\"options\":{options}");
        if (groupBy is not null) parts.Add($"\"group_by\":\"{groupBy}\"");
        parts.AddRange(members.Select(m => $"\"{m.Name}\":{m.Json}"));
        return "{" + string.Join(",", parts) + "}";
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>Text for a number as JSON writes it.</summary>
    public static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
