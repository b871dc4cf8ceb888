using System.Globalization;
using System.Text;
using CsCheck;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Properties;

/// <summary>
/// Property-based checks of the readers (CsCheck): whatever arrives, a reader answers with a result or
/// an <see cref="InputException"/>, never another exception; the limits hold; valid files round-trip.
/// A failure prints the seed that reproduces it.
/// </summary>
public sealed class ReaderProperties
{
    private const int Iterations = 400;

    /// <summary>Reads, and fails on any exception other than <see cref="InputException"/>.</summary>
    private static void OnlyInputErrors(Action read)
    {
        try { read(); }
        catch (InputException e) { Assert.NotEmpty(e.Problems); }
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Characters that matter to CSV and JSON, numbers and text that breaks naive readers.</summary>
    private static readonly Gen<string> Token = Gen.OneOf<string>(
        ",", "\"", "\n", "\r\n", " ", "\uFEFF", "{", "}", "[", "]", ":", "practice_code", "list_size", "lat", "lon", "easting",
        "imd_score", "spend", "\"type\"", "\"FeatureCollection\"", "\"Feature\"", "\"Point\"", "\"Polygon\"", "\"features\"",
        "\"geometry\"", "\"coordinates\"", "\"properties\"", "\"GeometryCollection\"", "\"geometries\"", "NaN", "Infinity", "-Infinity",
        "1e400", "1e15", "-0", "52.5", "-1.9", "444139", "0", "7250", "null", "true", "\\uD800", "\"\\uDC00\"", "é", "\u0000", "//c\n");

    private static readonly Gen<string> Soup = Token.Array[0, 60].Select(string.Concat);

    [Fact]
    public void Arbitrary_bytes_give_a_practice_set_or_an_input_exception()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            OnlyInputErrors(() => PracticeReader.Read(new MemoryStream(bytes)));
            OnlyInputErrors(() => PracticeReader.ReadCsv(new MemoryStream(bytes)));
            OnlyInputErrors(() => PracticeReader.ReadGeoJson(new MemoryStream(bytes)));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Strings_of_csv_and_json_tokens_give_a_practice_set_or_an_input_exception()
    {
        Soup.Sample(text =>
        {
            OnlyInputErrors(() => PracticeReader.Read(Stream(text)));
            OnlyInputErrors(() => PracticeReader.Read(Stream("practice_code,lat,lon,list_size\n" + text)));
            OnlyInputErrors(() => PracticeReader.Read(Stream("{\"type\":\"FeatureCollection\",\"features\":[" + text)));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Arbitrary_bytes_and_token_strings_give_a_boundary_or_an_input_exception()
    {
        Gen.Byte.Array[0, 400].Sample(bytes => OnlyInputErrors(() => BoundaryReader.Read(new MemoryStream(bytes))), iter: Iterations, threads: 1);
        Soup.Sample(text =>
        {
            OnlyInputErrors(() => BoundaryReader.Read(Stream(text)));
            OnlyInputErrors(() => BoundaryReader.Read(Stream("{\"type\":\"Polygon\",\"coordinates\":[[" + text)));
        }, iter: Iterations, threads: 1);
    }

    /// <summary>A value for a numeric field: ordinary, out of range, or not a number at all.</summary>
    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.Double[-1e4, 1e6].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf<string>("", "NaN", "Infinity", "1e400", "1.2e21", "x", "-0", " 12 ")));

    private static readonly Gen<string> Position = Gen.Select(Gen.Double[-10, 5], Gen.Double[48, 62], Gen.Bool)
        .Select((x, y, swap) => string.Create(CultureInfo.InvariantCulture, $"[{(swap ? y : x)},{(swap ? x : y)}]"));

    [Fact]
    public void Boundaries_of_random_rings_are_valid_areas_or_input_exceptions()
    {
        var ring = Position.Array[0, 12].Select(ps => ps.Length > 0 && ps.Length % 3 == 0 ? string.Join(",", ps.Append(ps[0])) : string.Join(",", ps));
        var polygon = ring.Array[1, 3].Select(rs => "[" + string.Join(",", rs.Select(r => "[" + r + "]")) + "]");
        polygon.Array[1, 4].Sample(ps =>
        {
            var json = "{\"type\":\"MultiPolygon\",\"coordinates\":[" + string.Join(",", ps) + "]}";
            try
            {
                var g = BoundaryReader.Read(Stream(json));
                Assert.True(g.IsValid, json);
                Assert.True(g.Area > 0, json);
            }
            catch (InputException e) { Assert.NotEmpty(e.Problems); }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Csv_rows_of_random_values_give_a_set_or_problems_each_naming_where_and_within_the_listing_limit()
    {
        var row = Gen.Select(Number, Number, Number, Number, Number).Select((a, b, c, d, e) => $"{a},{b},{c},{d},{e}");
        row.Array[1, 150].Sample(rows =>
        {
            var sb = new StringBuilder("practice_code,lat,lon,list_size,imd_score,spend\n");
            for (int i = 0; i < rows.Length; i++) sb.Append("P").Append(i).Append(',').Append(rows[i]).Append('\n');
            var options = new PracticeReadOptions { MaxProblems = 25, MaxPractices = 120 };
            try
            {
                var set = PracticeReader.Read(Stream(sb.ToString()), options);
                Assert.All(set.Practices, p =>
                {
                    Assert.InRange(p.Patients, 0, options.MaxPatientsPerPractice);
                    Assert.True(double.IsNaN(p.Spend) || Math.Abs(p.Spend) <= options.MaxAbsoluteSpend);
                    Assert.True(double.IsNaN(p.Deprivation) || Math.Abs(p.Deprivation) <= options.MaxAbsoluteDeprivation);
                    Assert.True(double.IsFinite(p.Easting) && double.IsFinite(p.Northing));
                });
                Assert.True(rows.Length <= options.MaxPractices);
            }
            catch (InputException e)
            {
                Assert.InRange(e.Problems.Count, 1, options.MaxProblems);
                // Each problem names its line, or the whole input when no row is left (every list size 0).
                Assert.All(e.Problems, p => Assert.True(p.Where.StartsWith("line ", StringComparison.Ordinal) || p.Where == "input", p.ToString()));
                if (rows.Length > options.MaxPractices) Assert.Contains("more than 120 practices", e.Problems[^1].Message);
            }
        }, iter: 200, threads: 1);
    }
}
