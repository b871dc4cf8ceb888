using NetTopologySuite.Geometries;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Geography;
using Partitioner.Core.Layers;

namespace Partitioner.Core.Tests.Layers;

public sealed class GridOutputTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Fact]
    public void A_point_lands_where_the_grid_projection_puts_it_to_the_millimetre()
    {
        var g = GridOutput.FromWgs84(Wgs84.CreatePoint(new Coordinate(-1.9, 52.48)));
        var (e, n) = BritishNationalGrid.FromWgs84(-1.9, 52.48);
        Assert.Equal(27700, g.SRID);
        Assert.Equal(Math.Round(e, 3), g.Coordinate.X);
        Assert.Equal(Math.Round(n, 3), g.Coordinate.Y);
    }

    [Fact]
    public void A_polygon_with_a_hole_stays_valid_in_metres()
    {
        var shell = new[] { new Coordinate(-2, 52), new Coordinate(-1, 52), new Coordinate(-1, 53), new Coordinate(-2, 53), new Coordinate(-2, 52) };
        var hole = new[] { new Coordinate(-1.6, 52.4), new Coordinate(-1.6, 52.6), new Coordinate(-1.4, 52.6), new Coordinate(-1.4, 52.4), new Coordinate(-1.6, 52.4) };
        var polygon = Wgs84.CreatePolygon(Wgs84.CreateLinearRing(shell), [Wgs84.CreateLinearRing(hole)]);
        var grid = GridOutput.FromWgs84(polygon);
        Assert.True(grid.IsValid);
        Assert.Equal(1, ((Polygon)grid).NumInteriorRings);
        Assert.All(grid.Coordinates, c => Assert.Equal(Math.Round(c.X, 3), c.X));
        // About 68 km by 111 km.
        Assert.InRange(grid.EnvelopeInternal.Width, 60_000, 75_000);
        Assert.InRange(grid.EnvelopeInternal.Height, 105_000, 115_000);
    }
}
