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

    private static InputException Refused(string json, BoundaryReadOptions? options = null) =>
        Assert.Throws<InputException>(() => BoundaryReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "boundary", options));

    private const string Square = "[[[-2,52],[-1.9,52],[-1.9,52.1],[-2,52.1],[-2,52]]]";

    [Fact]
    public void A_ring_of_fewer_than_four_positions_is_refused_naming_the_feature()
    {
        var p = Assert.Single(Refused("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52],[-2,52]]]}}]}""").Problems);
        Assert.Equal(("feature 0", "coordinates"), (p.Where, p.Field));
        Assert.Contains("has 3 positions; a ring needs at least 4", p.Message);
    }

    [Fact]
    public void A_nested_geometry_collection_is_refused()
    {
        var e = Refused($$"""{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":{{Square}}}]}]}""");
        var p = Assert.Single(e.Problems);
        Assert.Equal(("geometry, geometry 0", "type"), (p.Where, p.Field));
        Assert.Contains("GeometryCollection inside a GeometryCollection", p.Message);
    }

    [Fact]
    public void A_geometry_collection_of_polygons_one_level_deep_is_read()
    {
        var g = Read($$"""{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":{{Square}}}]}""");
        Assert.InRange(g.Area / 1e6, 70, 80);
    }

    [Fact]
    public void More_vertices_than_the_limit_are_refused_while_reading()
    {
        var ring = string.Join(",", Enumerable.Range(0, 600).Select(i => FormattableString.Invariant($"[{-2 + 0.1 * Math.Cos(i * Math.PI / 300)},{52 + 0.1 * Math.Sin(i * Math.PI / 300)}]")));
        var json = $$"""{"type":"Polygon","coordinates":[[{{ring}},[-1.9,52]]]}""";
        var p = Assert.Single(Refused(json, new BoundaryReadOptions { MaxVertices = 500 }).Problems);
        Assert.Contains("more than 500 vertices", p.Message);
        Assert.True(Read(json).Area > 0);
    }

    [Fact]
    public void A_self_intersecting_polygon_is_made_valid_before_any_overlay()
    {
        // A bow tie: the ring crosses itself at (-1.95, 52.05).
        var g = Read("""{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52.1],[-1.9,52],[-2,52.1],[-2,52]]]}""");
        Assert.True(g.IsValid);
        Assert.InRange(g.Area / 1e6, 30, 45);
    }

    [Fact]
    public void A_polygon_that_cannot_be_repaired_into_an_area_is_refused_with_the_reason()
    {
        var p = Assert.Single(Refused("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52],[-1.9,52],[-2,52]]]},"properties":{}}""").Problems);
        Assert.Equal(("feature", "geometry"), (p.Where, p.Field));
        Assert.Contains("not valid", p.Message);
    }

    [Fact]
    public void Polygons_that_overlap_along_near_coincident_edges_are_joined_without_a_topology_error()
    {
        // Two squares sharing an edge that differs in the last bits, as neighbouring generalised areas do.
        var json = """{"type":"FeatureCollection","features":[""" +
            """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-2,52],[-1.9,52],[-1.9000000000001,52.1],[-2,52.1],[-2,52]]]}},""" +
            """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-1.9,52],[-1.8,52],[-1.8,52.1],[-1.9,52.1],[-1.90000000000003,52.05],[-1.9,52]]]}}]}""";
        var g = Read(json);
        Assert.True(g.IsValid);
        Assert.InRange(g.Area / 1e6, 145, 160);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[-2,52],["x",52],[-1.9,52.1],[-2,52]]]}""", "Position 1 is not [x, y]")]
    [InlineData("""{"type":"Polygon","coordinates":[[[-2,52],[1e999,52],[-1.9,52.1],[-2,52]]]}""", "Position 1 is not [x, y]")]
    [InlineData("""{"type":"Polygon","coordinates":{}}""", "no \"coordinates\" array")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "array of rings")]
    [InlineData("""{"type":"Polygon","coordinates":[[[2.35,48.85],[2.36,48.85],[2.36,48.86],[2.35,48.85]]]}""", "outside Great Britain")]
    [InlineData("""{"type":"Polygon","coordinates":[[[52,-2],[52,-1.9],[52.1,-1.9],[52,-2]]]}""", "appear swapped")]
    [InlineData("""{"type":"LineString","coordinates":[[-2,52],[-1.9,52]]}""", "Polygon or MultiPolygon")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}""", "no geometry")]
    [InlineData("[1,2,3]", "Polygon or MultiPolygon")]
    [InlineData("{\"type\":", "not valid JSON")]
    public void Malformed_boundaries_are_refused_with_a_message_saying_what_to_do(string json, string says)
    {
        var e = Refused(json);
        Assert.Contains(e.Problems, p => p.Message.Contains(says));
    }

    [Fact]
    public void A_boundary_of_a_million_vertices_is_refused_before_any_geometry_is_built()
    {
        var sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i < 1_000_000; i++)
            sb.Append(FormattableString.Invariant($"[{-2 + 0.5 * Math.Cos(i * 2 * Math.PI / 1_000_000):0.#######},{52 + 0.5 * Math.Sin(i * 2 * Math.PI / 1_000_000):0.#######}],"));
        sb.Append("[-1.5,52]]]}");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => BoundaryReader.Read(new MemoryStream(bytes)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("more than 200,000 vertices", Assert.Single(e.Problems).Message);
        // The document (24 MB) is held once as bytes and once parsed (124 MB allocated in all, measured); building a million NTS coordinates would add far more.
        Assert.True(allocated < 150_000_000, $"{allocated:N0} bytes allocated");
    }
}
