namespace Partitioner.Core.Practices;

/// <summary>The coordinate reference system of input points.</summary>
public enum CoordinateSystem
{
    /// <summary>WGS84 longitude/latitude (EPSG:4326, RFC 7946 order lon, lat) unless a GeoJSON names British National Grid.</summary>
    Auto,
    /// <summary>WGS84 longitude/latitude.</summary>
    Wgs84,
    /// <summary>British National Grid eastings/northings in metres (EPSG:27700).</summary>
    BritishNationalGrid,
}
