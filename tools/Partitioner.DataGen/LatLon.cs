namespace Partitioner.DataGen;

/// <summary>A WGS84 position in decimal degrees.</summary>
public readonly record struct LatLon(double Lat, double Lon)
{
    private const double KmPerDegreeLat = 111.2;

    /// <summary>Moves this position by a local east/north offset in kilometres.</summary>
    public LatLon OffsetKm(double eastKm, double northKm) =>
        new(Lat + northKm / KmPerDegreeLat, Lon + eastKm / (KmPerDegreeLat * Math.Cos(Lat * Math.PI / 180.0)));

    /// <summary>Approximate distance in kilometres (equirectangular; fine at English scales).</summary>
    public double DistanceKm(LatLon other)
    {
        var (x, y) = ToLocalKm(other, Lat);
        var (ox, oy) = ToLocalKm(this, Lat);
        return Math.Sqrt((x - ox) * (x - ox) + (y - oy) * (y - oy));
    }

    /// <summary>Projects to kilometres on a plane tangent at <paramref name="refLat"/>.</summary>
    public static (double X, double Y) ToLocalKm(LatLon p, double refLat) =>
        (p.Lon * KmPerDegreeLat * Math.Cos(refLat * Math.PI / 180.0), p.Lat * KmPerDegreeLat);
}
