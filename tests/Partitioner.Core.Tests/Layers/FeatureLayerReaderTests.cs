using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Layers;

public sealed class FeatureLayerReaderTests
{
    private const string Mixed = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":"A","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},
           "properties":{"name":"A","patients":100,"deprivation":20.0,"mixed":1,"flag":true,"odd":true,"empty":null}},
          {"type":"Feature","id":"B","geometry":{"type":"MultiPolygon","coordinates":[[[[2,2],[3,2],[3,3],[2,2]]],[[[5,5],[6,5],[6,6],[5,5]]]]},
           "properties":{"name":"B","patients":250,"deprivation":21.5,"mixed":2.5,"flag":false,"odd":"yes","empty":null}}]}
        """;

    private static FeatureLayer Read(string json) => FeatureLayerReader.Read(Encoding.UTF8.GetBytes(json), "consortia", "Consortia");

    [Fact]
    public void Each_property_gets_one_type_across_every_feature()
    {
        var layer = Read(Mixed);
        var types = layer.Fields.ToDictionary(f => f.Name, f => f.Type);
        Assert.Equal(FieldType.Text, types["name"]);
        Assert.Equal(FieldType.Integer, types["patients"]);
        Assert.Equal(FieldType.Real, types["deprivation"]); // 20.0 has a decimal point: real, though whole
        Assert.Equal(FieldType.Real, types["mixed"]);       // integer then real: real
        Assert.Equal(FieldType.Boolean, types["flag"]);
        Assert.Equal(FieldType.Text, types["odd"]);         // boolean then text: text
        Assert.Equal(FieldType.Text, types["empty"]);       // no value anywhere
        Assert.Equal(["name", "patients", "deprivation", "mixed", "flag", "odd", "empty"], layer.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Values_are_converted_to_their_columns_type()
    {
        var a = Read(Mixed).Find("A")!;
        Assert.Equal(100L, a.Values[1]);
        Assert.Equal(20.0, a.Values[2]);
        Assert.Equal(1.0, a.Values[3]);
        Assert.Equal(true, a.Values[4]);
        Assert.Equal("true", a.Values[5]);
        Assert.Null(a.Values[6]);
    }

    [Fact]
    public void Polygon_layers_become_multipolygons_and_the_extent_covers_every_feature()
    {
        var layer = Read(Mixed);
        Assert.Equal(LayerGeometryType.MultiPolygon, layer.GeometryType);
        Assert.All(layer.Features, f => Assert.IsType<MultiPolygon>(f.Geometry));
        Assert.Equal(new Envelope(0, 6, 0, 6), layer.Extent);
        Assert.Null(layer.Find("C"));
    }

    [Fact]
    public void Point_layers_stay_points_and_features_without_an_id_are_numbered()
    {
        var layer = Read("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-1.5,53.8]},"properties":{"code":"X"}}]}""");
        Assert.Equal(LayerGeometryType.Point, layer.GeometryType);
        Assert.Equal("1", layer.Features[0].Id);
        Assert.Equal(-1.5, layer.Features[0].Geometry!.Coordinate.X);
    }

    [Fact]
    public void A_document_that_is_not_a_feature_collection_is_an_input_error_naming_the_layer()
    {
        var e = Assert.Throws<InputException>(() => Read("""{"type":"Point","coordinates":[0,0]}"""));
        Assert.Contains("consortia", e.Problems[0].Where);
        Assert.Throws<InputException>(() => Read("{"));
    }

    [Fact]
    public void Written_features_keep_reals_real_and_booleans_boolean()
    {
        var layer = Read(Mixed);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            FeatureLayerGeoJson.WriteFeature(w, layer, layer.Find("A")!, layer.Find("A")!.Geometry);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var props = doc.RootElement.GetProperty("properties");
        Assert.Equal("20.0", props.GetProperty("deprivation").GetRawText());
        Assert.Equal("1.0", props.GetProperty("mixed").GetRawText());
        Assert.Equal("100", props.GetProperty("patients").GetRawText());
        Assert.Equal(JsonValueKind.True, props.GetProperty("flag").ValueKind);
        Assert.Equal("A", doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("MultiPolygon", doc.RootElement.GetProperty("geometry").GetProperty("type").GetString());
    }
}
