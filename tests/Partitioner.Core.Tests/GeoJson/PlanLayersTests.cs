using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.GeoJson;

public sealed class PlanLayersTests
{
    private static JsonDocument Consortia()
    {
        var (_, evaluation) = PlanFixtures.RingAroundCentre();
        var ms = new MemoryStream();
        PlanLayers.WriteConsortia(ms, evaluation);
        return JsonDocument.Parse(ms.ToArray());
    }

    private static Coordinate[] Ring(JsonElement ring) =>
        ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToArray();

    [Fact]
    public void Consortia_are_a_feature_collection_of_polygons_in_wgs84()
    {
        using var doc = Consortia();
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(2, features.Length);
        foreach (var f in features)
        {
            var g = f.GetProperty("geometry");
            Assert.Equal("Polygon", g.GetProperty("type").GetString());
            foreach (var c in Ring(g.GetProperty("coordinates")[0]))
            {
                Assert.InRange(c.X, -2.5, -1.0); // around Birmingham
                Assert.InRange(c.Y, 52.0, 53.0);
            }
        }
    }

    [Fact]
    public void Exterior_rings_run_counter_clockwise_and_holes_clockwise()
    {
        using var doc = Consortia();
        var ring = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "ring");
        var rings = ring.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(2, rings.GetArrayLength());
        Assert.True(Orientation.IsCCW(Ring(rings[0])));
        Assert.False(Orientation.IsCCW(Ring(rings[1])));
        var polygon = new GeometryFactory().CreatePolygon(new LinearRing(Ring(rings[0])), [new LinearRing(Ring(rings[1]))]);
        Assert.True(polygon.IsValid);
    }

    [Fact]
    public void Coordinates_have_at_most_six_decimals()
    {
        using var doc = Consortia();
        var text = doc.RootElement.GetRawText();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            foreach (var ring in f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
                foreach (var p in ring.EnumerateArray())
                    foreach (var v in p.EnumerateArray())
                    {
                        var raw = v.GetRawText();
                        int dot = raw.IndexOf('.');
                        Assert.True(dot < 0 || raw.Length - dot - 1 <= 6, raw);
                    }
    }

    [Fact]
    public void Metrics_are_flat_typed_properties()
    {
        using var doc = Consortia();
        var props = doc.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(JsonValueKind.String, props.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Number, props.GetProperty("patients").ValueKind);
        Assert.DoesNotContain(".", props.GetProperty("patients").GetRawText());
        Assert.Contains(".", props.GetProperty("deprivation").GetRawText());
        Assert.Contains(".", props.GetProperty("area_km2").GetRawText());
        Assert.Equal(JsonValueKind.True, props.GetProperty("contiguous").ValueKind);
        foreach (var p in props.EnumerateObject())
            Assert.NotEqual(JsonValueKind.Object, p.Value.ValueKind);
    }

    [Fact]
    public void Practices_layer_carries_consortium_and_input_properties()
    {
        var set = TestPractices.FromCsv("practice_code,name,lat,lon,list_size,dispensing,weighted\nA1,North,52.5,-1.9,5000,Yes,5100.5\nA2,South,52.45,-1.9,4000,No,3900\n");
        var geo = Partitioner.Core.Geography.PracticeGeography.Build(set);
        var plan = new Partitioner.Core.Plans.Plan(["One"], [0, 0]);
        var ms = new MemoryStream();
        PlanLayers.WritePractices(ms, geo, plan);
        using var doc = JsonDocument.Parse(ms.ToArray());
        var f = doc.RootElement.GetProperty("features")[0];
        Assert.Equal("Point", f.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(-1.9, f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble());
        var props = f.GetProperty("properties");
        Assert.Equal("A1", props.GetProperty("practice_code").GetString());
        Assert.Equal("One", props.GetProperty("consortium").GetString());
        Assert.Equal("Yes", props.GetProperty("dispensing").GetString());
        Assert.Equal(5100.5, props.GetProperty("weighted").GetDouble());
        Assert.Equal(JsonValueKind.Null, props.GetProperty("deprivation").ValueKind);
    }
}
