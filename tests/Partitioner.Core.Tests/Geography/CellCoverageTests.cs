using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Geography;

public sealed class CellCoverageTests
{
    /// <summary>A jagged study area: a 24-pointed star whose long edges cross many cells at awkward angles.</summary>
    private static Geometry Star()
    {
        var coords = new List<Coordinate>();
        for (int k = 0; k < 48; k++)
        {
            double angle = k * Math.PI / 24 + 0.0123, radius = k % 2 == 0 ? 20_000.3 : 13_000.7;
            coords.Add(new Coordinate(410_000.123 + radius * Math.Cos(angle), 290_000.456 + radius * Math.Sin(angle)));
        }
        coords.Add(coords[0].Copy());
        return new GeometryFactory().CreatePolygon(coords.ToArray());
    }

    private static PracticeSet Scattered(int count, int seed)
    {
        var random = new Random(seed);
        var sb = new System.Text.StringBuilder("practice_code,easting,northing,list_size\n");
        for (int i = 0; i < count; i++)
        {
            double r = 12_000 * Math.Sqrt(random.NextDouble()), a = random.NextDouble() * 2 * Math.PI;
            sb.Append(System.FormattableString.Invariant($"P{i},{410_000 + r * Math.Cos(a):0.0},{290_000 + r * Math.Sin(a):0.0},1000\n"));
        }
        return TestPractices.FromCsv(sb.ToString(), new PracticeReadOptions { CoordinateSystem = CoordinateSystem.BritishNationalGrid });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cells_clipped_by_a_jagged_boundary_form_an_exact_coverage(int seed)
    {
        var geo = PracticeGeography.Build(Scattered(300, seed), new GeographyOptions { Boundary = Star() });
        Assert.All(geo.Cells, c => Assert.True(c.IsValid));
        var invalid = CoverageValidator.Validate(geo.Cells);
        Assert.All(invalid, edges => Assert.Null(edges));
        // Snap-rounding to the millimetre moves an edge by under a millimetre where cells cross it.
        Assert.Equal(geo.StudyArea.Area, geo.Cells.Sum(c => c.Area), geo.StudyArea.Length * 1e-3);
    }

    [Fact]
    public void Dissolving_every_cell_leaves_no_hole_inside_a_jagged_boundary()
    {
        var geo = PracticeGeography.Build(Scattered(300, 4), new GeographyOptions { Boundary = Star() });
        var all = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(geo.Cells);
        var polygon = Assert.IsType<Polygon>(all);
        Assert.Equal(0, polygon.NumInteriorRings);
    }

    [Fact]
    public void A_boundary_with_a_lake_keeps_the_lake_out_of_every_cell()
    {
        var area = new WKTReader().Read("POLYGON ((400000 280000, 420000 280000, 420000 300000, 400000 300000, 400000 280000), (406000 286000, 406000 289000, 409000 289000, 409000 286000, 406000 286000))");
        var set = TestPractices.Grid(4, 4, _ => 1000, spacing: 5_000);
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = area });
        var lake = new WKTReader().Read("POINT (407500 287500)");
        Assert.DoesNotContain(geo.Cells, c => c.Intersects(lake));
        Assert.Equal(area.Area, geo.Cells.Sum(c => c.Area), 1e-3);
    }

    [RealDataFact]
    public void The_real_practices_cut_by_the_real_2013_ccg_boundary_form_an_exact_coverage()
    {
        var set = PracticeReader.ReadFile(Support.RealData.Practices2014);
        var boundary = BoundaryReader.ReadFile(Support.RealData.CcgBoundaries2013);
        var geo = PracticeGeography.Build(set, new GeographyOptions { Boundary = boundary });
        Assert.All(geo.Cells, c => Assert.True(c.IsValid));
        var invalid = CoverageValidator.Validate(geo.Cells);
        int bad = invalid.Count(g => g is not null);
        Assert.True(bad == 0, $"{bad} cells do not match their neighbours exactly");
    }
}
