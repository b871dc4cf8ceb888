using Partitioner.Core.Layers;

namespace Partitioner.Api.Ogc;

/// <summary>The coordinate reference systems the OGC API offers (Part 2), by their OGC URIs.</summary>
public static class OgcCrs
{
    /// <summary>WGS84 longitude/latitude: the storage CRS and the default.</summary>
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>British National Grid easting/northing in metres.</summary>
    public const string BritishNationalGrid = "http://www.opengis.net/def/crs/EPSG/0/27700";

    public static IReadOnlyList<string> Supported { get; } = [Crs84, BritishNationalGrid];

    /// <summary>The CRS a parameter value names (the URI, or the short forms <c>EPSG:27700</c>, <c>[EPSG:27700]</c>, <c>OGC:CRS84</c>); null if unsupported.</summary>
    public static OutputCrs? Parse(string value)
    {
        var v = value.Trim().TrimStart('[').TrimEnd(']');
        if (v.Equals(Crs84, StringComparison.OrdinalIgnoreCase) || v.Equals("OGC:CRS84", StringComparison.OrdinalIgnoreCase)
            || v.Equals("http://www.opengis.net/def/crs/OGC/0/CRS84", StringComparison.OrdinalIgnoreCase))
            return OutputCrs.Wgs84;
        if (v.Equals(BritishNationalGrid, StringComparison.OrdinalIgnoreCase) || v.Equals("EPSG:27700", StringComparison.OrdinalIgnoreCase))
            return OutputCrs.BritishNationalGrid;
        return null;
    }

    public static string Uri(OutputCrs crs) => crs == OutputCrs.Wgs84 ? Crs84 : BritishNationalGrid;
}
