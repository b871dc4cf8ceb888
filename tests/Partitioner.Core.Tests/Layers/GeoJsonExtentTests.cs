using System.Text;
using NetTopologySuite.Geometries;
using Partitioner.Core.Layers;

namespace Partitioner.Core.Tests.Layers;

public sealed class GeoJsonExtentTests
{
    [Fact]
    public void The_scan_finds_the_same_box_as_reading_every_geometry()
    {
        var json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"A","geometry":{"type":"Point","coordinates":[-1.5,53.8]},"properties":{"bbox_like":[9,9],"x":100.5}},
              {"type":"Feature","id":"B","geometry":{"type":"MultiPolygon","coordinates":[[[[-2,52],[-1,52],[-1,53.9],[-2,52]]],[[[0.5,51],[0.7,51],[0.7,51.2],[0.5,51]]]]},"properties":{}},
              {"type":"Feature","id":"C","geometry":null,"properties":{"coordinates":"not here"}}]}
            """;
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(new Envelope(-2, 0.7, 51, 53.9), GeoJsonExtent.Scan(bytes));
        Assert.Equal(FeatureLayerReader.Read(bytes, "t", "t").Extent, GeoJsonExtent.Scan(bytes));
    }

    [Fact]
    public void A_layer_without_positions_has_a_null_extent()
    {
        Assert.True(GeoJsonExtent.Scan("""{"type":"FeatureCollection","features":[]}"""u8).IsNull);
    }
}
