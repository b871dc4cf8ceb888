using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Partitioner.Core.Coordinates;

/// <summary>
/// Conversions between WGS84 longitude/latitude (EPSG:4326) and British National Grid metres
/// (EPSG:27700, OSGB36 with a 7-parameter Helmert shift, accurate to a few metres). All distances
/// and areas in Partitioner are computed in British National Grid metres. Thread-safe.
/// </summary>
public static class BritishNationalGrid
{
    /// <summary>The OGC WKT (version 1) of EPSG:27700 used for every projection.</summary>
    public const string Wkt27700 =
        "PROJCS[\"OSGB 1936 / British National Grid\",GEOGCS[\"OSGB 1936\",DATUM[\"OSGB_1936\"," +
        "SPHEROID[\"Airy 1830\",6377563.396,299.3249646,AUTHORITY[\"EPSG\",\"7001\"]]," +
        "TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489],AUTHORITY[\"EPSG\",\"6277\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AUTHORITY[\"EPSG\",\"4277\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",49]," +
        "PARAMETER[\"central_meridian\",-2],PARAMETER[\"scale_factor\",0.9996012717],PARAMETER[\"false_easting\",400000]," +
        "PARAMETER[\"false_northing\",-100000],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST]," +
        "AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"27700\"]]";

    private static readonly MathTransform ToGridTransform;
    private static readonly MathTransform ToWgs84Transform;

    static BritishNationalGrid()
    {
        var grid = (ProjectedCoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(Wkt27700);
        var factory = new CoordinateTransformationFactory();
        ToGridTransform = factory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, grid).MathTransform;
        ToWgs84Transform = factory.CreateFromCoordinateSystems(grid, GeographicCoordinateSystem.WGS84).MathTransform;
    }

    /// <summary>WGS84 degrees to British National Grid metres.</summary>
    public static (double Easting, double Northing) FromWgs84(double longitude, double latitude)
    {
        var (e, n) = ToGridTransform.Transform(longitude, latitude);
        return (e, n);
    }

    /// <summary>British National Grid metres to WGS84 degrees.</summary>
    public static (double Longitude, double Latitude) ToWgs84(double easting, double northing)
    {
        var (lon, lat) = ToWgs84Transform.Transform(easting, northing);
        return (lon, lat);
    }

    /// <summary>True when WGS84 degrees fall in a box around Great Britain and its islands.</summary>
    public static bool IsInGreatBritain(double longitude, double latitude) =>
        longitude is >= -8.8 and <= 2.0 && latitude is >= 49.7 and <= 61.0;

    /// <summary>True when metres fall in the British National Grid's extent.</summary>
    public static bool IsOnGrid(double easting, double northing) =>
        easting is >= -10_000 and <= 700_000 && northing is >= -10_000 and <= 1_250_000;
}
