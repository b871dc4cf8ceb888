using NetTopologySuite.IO;
using Partitioner.Core.GeoJson;

namespace Partitioner.Core.Tests.GeoJson;

public sealed class Wgs84OutputTests
{
    [Fact]
    public void A_grid_polygon_is_projected_to_six_decimal_degrees_and_stays_valid()
    {
        var g = Wgs84Output.FromGrid(new WKTReader().Read("POLYGON ((444000 518000, 445000 518000, 445000 519000, 444000 519000, 444000 518000))"));
        Assert.True(g.IsValid);
        Assert.All(g.Coordinates, c => Assert.Equal(c.X, Math.Round(c.X, 6)));
        Assert.InRange(g.Centroid.X, -1.33, -1.30);
        Assert.InRange(g.Centroid.Y, 54.55, 54.57);
    }

    [Theory]
    // A ring crossing itself (snap-rounding it in one piece throws, so the repair path runs) and a hole of zero area.
    [InlineData("POLYGON ((444000 518000, 445000 519000, 445000 518000, 444000 519000, 444000 518000))")]
    [InlineData("POLYGON ((444000 518000, 446000 518000, 446000 520000, 444000 520000, 444000 518000), (444500 518500, 445500 518500, 445000 518500, 444500 518500))")]
    public void An_invalid_or_degenerate_polygon_is_written_as_a_valid_one_instead_of_throwing(string wkt)
    {
        var g = Wgs84Output.FromGrid(new WKTReader().Read(wkt));
        Assert.True(g.IsValid);
        Assert.True(g.Area > 0);
    }
}
