using System.Text;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.GeoJson;

public sealed class BoundaryReaderTests
{
    private static NetTopologySuite.Geometries.Geometry Read(string json) => BoundaryReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_feature_collection_of_polygons_is_joined_and_projected_to_metres()
    {
        var g = Read("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52],[-1.9,52.1],[-2,52.1],[-2,52]]]}},{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[-1,52],[-0.9,52],[-0.9,52.1],[-1,52]]]]}}]}""");
        Assert.Equal(2, g.NumGeometries);
        Assert.InRange(g.EnvelopeInternal.MinX, 390_000, 410_000);
        Assert.InRange(g.Area / 1e6, 70, 150);
    }

    [Fact]
    public void A_boundary_without_polygons_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Read("""{"type":"Point","coordinates":[-2,52]}"""));
        Assert.Contains("Polygon or MultiPolygon", e.Message);
    }

    [Fact]
    public void An_open_ring_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Read("""{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52],[-1.9,52.1],[-2,52.1]]]}"""));
        Assert.Contains("closed", e.Message);
    }
}
