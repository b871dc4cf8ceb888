namespace Partitioner.DataGen;

/// <summary>Hand-typed geography of "Northshire", a fictional coastal region with an offshore island.</summary>
public static class NorthshireGeography
{
    /// <summary>Mainland boundary, counter-clockwise; the east side is the coast.</summary>
    public static Outline Mainland { get; } = new(
    [
        new(54.55, -2.40), new(54.50, -1.95), new(54.55, -1.50), new(54.75, -1.38), new(54.95, -1.40),
        new(55.15, -1.45), new(55.30, -1.60), new(55.32, -1.95), new(55.20, -2.30), new(54.95, -2.45),
        new(54.75, -2.48),
    ]);

    /// <summary>Centre of the island, about 8 km off the coast.</summary>
    public static LatLon IslandCentre { get; } = new(55.05, -1.25);

    /// <summary>Island boundary: an octagon of radius 3.5 km, counter-clockwise.</summary>
    public static Outline Island { get; } = Octagon(IslandCentre, 3.5);

    /// <summary>Towns practices cluster around.</summary>
    public static IReadOnlyList<Town> Towns { get; } =
    [
        new("Kelbridge", new LatLon(54.95, -1.70), 1200, 32),
        new("Ashworth", new LatLon(54.70, -2.05), 700, 26),
        new("Morwick", new LatLon(55.18, -1.72), 350, 19),
    ];

    private static Outline Octagon(LatLon centre, double radiusKm)
    {
        var v = new LatLon[8];
        for (int k = 0; k < 8; k++)
        {
            double a = k * Math.PI / 4;
            v[k] = centre.OffsetKm(radiusKm * Math.Cos(a), radiusKm * Math.Sin(a));
        }
        return new Outline(v);
    }
}
