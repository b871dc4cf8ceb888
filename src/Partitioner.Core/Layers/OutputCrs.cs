namespace Partitioner.Core.Layers;

/// <summary>The coordinate reference system a layer is written in.</summary>
public enum OutputCrs
{
    /// <summary>WGS84 longitude/latitude in degrees (OGC CRS84; EPSG:4326 with longitude first).</summary>
    Wgs84,

    /// <summary>British National Grid easting/northing in metres (EPSG:27700).</summary>
    BritishNationalGrid,
}
