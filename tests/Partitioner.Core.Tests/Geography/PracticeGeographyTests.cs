using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Geography;

public sealed class PracticeGeographyTests
{
    private static readonly WKTReader Wkt = new();

    [Fact]
    public void A_grid_of_practices_has_rook_neighbours_only()
    {
        var geo = PracticeGeography.Build(TestPractices.Grid(3, 3, _ => 1000));
        Assert.Equal(9, geo.SiteCount);
        Assert.Equal(12, geo.SiteGraph.EdgeCount); // corners touching at a point are not neighbours
        Assert.True(geo.PracticeGraph.AreAdjacent(0, 1));
        Assert.True(geo.PracticeGraph.AreAdjacent(4, 7));
        Assert.False(geo.PracticeGraph.AreAdjacent(0, 4));
    }

    [Fact]
    public void A_cancelled_build_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PracticeGeography.Build(TestPractices.Grid(6, 6, _ => 1000), null, cancelled.Token));
    }

    [Fact]
    public void A_cancelled_build_stops_before_it_ends()
    {
        // A token cancelled before the build: its checks (before the study area, the cells and the neighbours) stop it
        // rather than letting it run to the end. A timer of a few milliseconds made this depend on the machine's speed
        // (a quiet machine finished the build first).
        var practices = TestPractices.Grid(12, 12, _ => 1000);
        var ring = Enumerable.Range(0, 20_001).Select(i =>
        {
            double t = 2 * Math.PI * (i % 20_000) / 20_000;
            return new Coordinate(405_000 + 40_000 * Math.Cos(t) * (1 + 0.03 * Math.Sin(t * 499)), 285_000 + 40_000 * Math.Sin(t) * (1 + 0.03 * Math.Sin(t * 499)));
        }).ToArray();
        var boundary = new GeometryFactory(new PrecisionModel(), 27700).CreatePolygon(ring);
        using var soon = new CancellationTokenSource();
        soon.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PracticeGeography.Build(practices, new GeographyOptions { Boundary = boundary }, soon.Token));
    }

    [Fact]
    public void Cells_tile_the_default_study_area_without_gaps_or_overlaps()
    {
        var geo = PracticeGeography.Build(TestPractices.Grid(4, 5, _ => 1000));
        double cells = geo.Cells.Sum(c => c.Area);
        Assert.Equal(geo.StudyArea.Area, cells, geo.StudyArea.Area * 1e-9);
        for (int s = 0; s < geo.SiteCount; s++)
            Assert.True(geo.Cells[s].Covers(new Point(geo.SiteX[s], geo.SiteY[s])), $"site {s} lies in its own cell");
    }

    [Fact]
    public void Practices_at_the_same_location_share_a_site_and_are_neighbours()
    {
        var set = TestPractices.FromCsv("practice_code,easting,northing,list_size\nA,400000,280000,1000\nB,400000,280000,2000\nC,402000,280000,3000\nD,404000,280000,3000\n");
        var geo = PracticeGeography.Build(set);
        Assert.Equal(3, geo.SiteCount);
        Assert.Equal(geo.SiteOfPractice[0], geo.SiteOfPractice[1]);
        Assert.True(geo.PracticeGraph.AreAdjacent(0, 1));
        Assert.True(geo.PracticeGraph.AreAdjacent(1, 2));
        Assert.True(geo.PracticeGraph.AreAdjacent(0, 2));
        Assert.False(geo.PracticeGraph.AreAdjacent(0, 3));
        Assert.Equal(new[] { 0, 1 }, geo.PracticesAt(geo.SiteOfPractice[0]).ToArray());
    }

    private static (PracticeSet, Geometry) MainlandAndIsland()
    {
        var set = TestPractices.FromCsv("practice_code,easting,northing,list_size\n" +
            "M1,401000,281000,1000\nM2,405000,281000,1000\nM3,401000,285000,1000\nM4,405000,285000,1000\n" +
            "I1,420000,283000,500\nI2,421000,283000,500\n");
        var boundary = Wkt.Read("MULTIPOLYGON (((400000 280000, 406000 280000, 406000 286000, 400000 286000, 400000 280000)), ((419000 282000, 422000 282000, 422000 284000, 419000 284000, 419000 282000)))");
        return (set, boundary);
    }

    [Fact]
    public void An_island_is_bridged_to_the_nearest_site_elsewhere_and_the_bridge_reported()
    {
        var (set, boundary) = MainlandAndIsland();
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = boundary });
        Assert.Equal(2, geo.PartsBeforeBridging);
        var bridge = Assert.Single(geo.Bridges);
        Assert.Equal(("I1", 2, 1000.0), (bridge.FromPractice, bridge.IslandPractices, bridge.IslandPatients));
        Assert.Contains(bridge.ToPractice, new[] { "M2", "M4" });
        Assert.Equal(Math.Sqrt(15000.0 * 15000 + 2000 * 2000), bridge.DistanceMetres, 6);
        geo.PracticeGraph.Components(out int parts);
        Assert.Equal(1, parts);
    }

    [Fact]
    public void Bridging_can_be_turned_off()
    {
        var (set, boundary) = MainlandAndIsland();
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = boundary, BridgeIslands = false });
        Assert.Empty(geo.Bridges);
        geo.PracticeGraph.Components(out int parts);
        Assert.Equal(2, parts);
    }

    [Fact]
    public void Cells_are_clipped_to_a_user_boundary()
    {
        var (set, boundary) = MainlandAndIsland();
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = boundary });
        foreach (var cell in geo.Cells) Assert.True(boundary.Buffer(1e-6).Covers(cell));
        Assert.Equal(boundary.Area, geo.Cells.Sum(c => c.Area), 1e-3);
    }

    [Fact]
    public void A_practice_outside_the_boundary_gets_a_small_area_and_a_warning()
    {
        var set = TestPractices.FromCsv("practice_code,easting,northing,list_size\nA,401000,281000,1000\nB,405000,285000,1000\nSEA,408000,283000,1000\n");
        var boundary = Wkt.Read("POLYGON ((400000 280000, 406000 280000, 406000 286000, 400000 286000, 400000 280000))");
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = boundary });
        Assert.Contains(geo.Warnings, w => w.Message.Contains("SEA lies outside the study boundary"));
        Assert.True(geo.Cells[geo.SiteOfPractice[2]].Area > 0);
    }

    [Fact]
    public void Adjacency_is_symmetric_sorted_and_free_of_self_loops()
    {
        var set = TestPractices.Grid(6, 7, i => 1000 + i);
        var geo = PracticeGeography.Build(set);
        var g = geo.PracticeGraph;
        for (int v = 0; v < g.VertexCount; v++)
        {
            var nb = g.Neighbours(v).ToArray();
            Assert.Equal(nb.OrderBy(x => x), nb);
            Assert.DoesNotContain(v, nb);
            foreach (int w in nb) Assert.True(g.AreAdjacent(w, v));
        }
    }
}
