using System.Globalization;
using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// GeoJSON practices that are not what the service expects (other geometries, missing members, extra dimensions,
/// many features) and adversarial study boundaries: short or open rings, bow-ties, spikes, nested collections,
/// hundreds of thousands of vertices, tiny or far-away areas, holes over the practices.
/// </summary>
internal static class GeoJsonAttacks
{
    public static (string Shape, string Json) Practices(Random rng)
    {
        string Feature(string geometry, string properties = "\"practice_code\":\"Q1\",\"list_size\":25000") =>
            $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{{properties}}},\"geometry\":{geometry}}}]}}";
        return rng.Next(12) switch
        {
            0 => ("geojson/a LineString practice", Feature("{\"type\":\"LineString\",\"coordinates\":[[-1.6,53.8],[-1.5,53.8]]}")),
            1 => ("geojson/no geometry", Feature("null")),
            2 => ("geojson/3D and 5D points", Feature("{\"type\":\"Point\",\"coordinates\":[-1.6,53.8,10,20,30]}")),
            3 => ("geojson/point with one coordinate", Feature("{\"type\":\"Point\",\"coordinates\":[-1.6]}")),
            4 => ("geojson/coordinates as text", Feature("{\"type\":\"Point\",\"coordinates\":[\"-1.6\",\"NaN\"]}")),
            5 => ("geojson/properties is a list", Feature("{\"type\":\"Point\",\"coordinates\":[-1.6,53.8]}", "").Replace("\"properties\":{}", "\"properties\":[1,2]", StringComparison.Ordinal)),
            6 => ("geojson/features is an object", "{\"type\":\"FeatureCollection\",\"features\":{\"a\":1}}"),
            7 => ManyFeatures(rng),
            8 => ("geojson/a Feature, not a collection", "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[-1.6,53.8]}}"),
            9 => ("geojson/nested property objects", Seeds.GridGeoJson(extraProperties: _ => ",\"extra\":{\"a\":{\"b\":[1,{\"c\":null}]}}")),
            10 => ("geojson/list_size 1e15", Seeds.GridGeoJson(extraProperties: i => i == 2 ? ",\"weighted\":1" : "").Replace("\"list_size\":25000", "\"list_size\":1e15", StringComparison.Ordinal)),
            _ => ("geojson/every practice at one point", Seeds.GridGeoJson().Replace("-1.640000", "-1.600000", StringComparison.Ordinal).Replace("-1.560000", "-1.600000", StringComparison.Ordinal).Replace("-1.480000", "-1.600000", StringComparison.Ordinal)),
        };
    }

    private static (string, string) ManyFeatures(Random rng)
    {
        int n = rng.Pick(new[] { 20_001, 100_000 });
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < n; i++) sb.Append(i == 0 ? "" : ",").Append("{}");
        return ($"geojson/{n:N0} empty features", sb.Append("]}").ToString());
    }

    public static (string Shape, string Json) Boundary(Random rng)
    {
        switch (rng.Next(16))
        {
            case 0: return ("boundary/3-position ring", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,53.7],[-1.4,53.7],[-1.7,53.7]]]}");
            case 1: return ("boundary/open ring", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,53.7],[-1.4,53.7],[-1.4,53.9],[-1.7,53.9]]]}");
            case 2: return ("boundary/bow-tie", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,53.7],[-1.4,53.9],[-1.4,53.7],[-1.7,53.9],[-1.7,53.7]]]}");
            case 3: return ("boundary/nested GeometryCollection", "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\",\"geometries\":[" + Seeds.Boundary + "]}]}");
            case 4:
            {
                int vertices = rng.Pick(new[] { 10_000, 150_000, 199_999, 250_000 });
                return ($"boundary/{vertices:N0}-vertex circle", Circle(vertices, 0.25, wobble: rng.Next(2) == 0));
            }
            case 5: return ("boundary/zero area", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,53.7],[-1.5,53.7],[-1.4,53.7],[-1.7,53.7]]]}");
            case 6: return ("boundary/far from the practices", "{\"type\":\"Polygon\",\"coordinates\":[[[-3.7,50.7],[-3.4,50.7],[-3.4,50.9],[-3.7,50.9],[-3.7,50.7]]]}");
            case 7: return ("boundary/tiny", Circle(8, 1e-9, wobble: false));
            case 8: return ("boundary/hole over every practice", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,53.5],[-1.2,53.5],[-1.2,54.1],[-1.9,54.1],[-1.9,53.5]],[[-1.7,53.7],[-1.4,53.7],[-1.4,53.9],[-1.7,53.9],[-1.7,53.7]]]}");
            case 9: return ("boundary/overlapping parts", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-1.7,53.7],[-1.4,53.7],[-1.4,53.9],[-1.7,53.9],[-1.7,53.7]]],[[[-1.6,53.75],[-1.3,53.75],[-1.3,53.95],[-1.6,53.95],[-1.6,53.75]]]]}");
            case 10: return ("boundary/huge coordinates", "{\"type\":\"Polygon\",\"coordinates\":[[[-1e300,-1e300],[1e300,-1e300],[1e300,1e300],[-1e300,1e300],[-1e300,-1e300]]]}");
            case 11: return ("boundary/a Point", "{\"type\":\"Point\",\"coordinates\":[-1.6,53.8]}");
            case 12: return ("boundary/spike and repeated points", "{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,53.7],[-1.7,53.7],[-1.4,53.7],[-1.55,53.7],[-1.55,60],[-1.55,53.7000001],[-1.4,53.9],[-1.7,53.9],[-1.7,53.7]]]}");
            case 13: return ("boundary/wrongly nested coordinates", rng.Pick(new[] { "{\"type\":\"Polygon\",\"coordinates\":[[-1.7,53.7],[-1.4,53.7]]}", "{\"type\":\"Polygon\",\"coordinates\":[]}", "{\"type\":\"Polygon\",\"coordinates\":[[]]}", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[1]]]}", "{\"type\":\"Polygon\"}", "{\"type\":\"Polygon\",\"coordinates\":[[[\"a\",\"b\"],[1,2],[3,4],[\"a\",\"b\"]]]}" }));
            case 14: return ("boundary/British National Grid metres read as degrees", "{\"type\":\"Polygon\",\"coordinates\":[[[400000,400000],[450000,400000],[450000,450000],[400000,450000],[400000,400000]]]}");
            default: return ("boundary/Feature with null geometry", "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}");
        }
    }

    /// <summary>A polygon around the test grid with <paramref name="vertices"/> vertices; a wobble gives it a fractal-like edge.</summary>
    private static string Circle(int vertices, double radius, bool wobble)
    {
        var sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[", vertices * 24);
        for (int i = 0; i <= vertices; i++)
        {
            double t = 2 * Math.PI * (i % vertices) / vertices;
            double r = radius * (wobble ? 1 + 0.05 * Math.Sin(t * 997) : 1);
            if (i > 0) sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $"[{-1.54 + r * Math.Cos(t):0.#########},{53.81 + r * 0.6 * Math.Sin(t):0.#########}]");
        }
        return sb.Append("]]}").ToString();
    }
}
