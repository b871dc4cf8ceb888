using System.Globalization;
using System.Text;
using CsCheck;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Properties;

/// <summary>Valid practice files written as CSV and as GeoJSON read back to the same practices.</summary>
public sealed class RoundTripProperties
{
    private sealed record Row(string Code, string Name, int Patients, double Imd, double Spend, double Lon, double Lat);

    private static readonly Gen<string> Name = Gen.String[Gen.Char["abc XYZ,\"'&é-"], 0, 20];

    private static readonly Gen<Row[]> Rows =
        Gen.Select(Name, Gen.Int[1, 100_000], Gen.Int[0, 10_000], Gen.Int[-1_000_000, 50_000_000], Gen.Double[-3, 1.5], Gen.Double[50.5, 55])
            .Select((name, patients, imd, spend, lon, lat) => (name, patients, imd / 100.0, (double)spend, Math.Round(lon, 6), Math.Round(lat, 6)))
            .Array[1, 60]
            .Select(rs => rs.Select((r, i) => new Row($"P{i:0000}", r.name, r.patients, r.Item3, r.Item4, r.Item5, r.Item6)).ToArray());

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    private static string Csv(Row[] rows)
    {
        var sb = new StringBuilder("practice_code,name,lat,lon,list_size,imd_score,spend\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Code},{Quote(r.Name)},{r.Lat:R},{r.Lon:R},{r.Patients},{r.Imd:R},{r.Spend:R}\n");
        return sb.ToString();
    }

    private static string GeoJson(Row[] rows)
    {
        var features = rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{r.Lon:R},{r.Lat:R}]}},\"properties\":{{\"practice_code\":\"{r.Code}\",\"name\":{System.Text.Json.JsonSerializer.Serialize(r.Name)},\"list_size\":{r.Patients},\"imd_score\":{r.Imd:R},\"spend\":{r.Spend:R}}}}}"));
        return "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";
    }

    private static void Same(Row[] rows, PracticeSet set)
    {
        Assert.Equal(rows.Length, set.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            var (r, p) = (rows[i], set[i]);
            Assert.Equal((r.Code, r.Name.Trim(), (double)r.Patients, r.Imd, r.Spend, r.Lon, r.Lat), (p.Code, p.Name, p.Patients, p.Deprivation, p.Spend, p.Longitude, p.Latitude));
        }
    }

    [Fact]
    public void Valid_csv_files_read_back_to_the_practices_written()
    {
        Rows.Sample(rows => Same(rows, PracticeReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Csv(rows))))), iter: 200, threads: 1);
    }

    [Fact]
    public void Valid_geojson_files_read_back_to_the_practices_written()
    {
        Rows.Sample(rows => Same(rows, PracticeReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(GeoJson(rows))))), iter: 200, threads: 1);
    }
}
