using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Precision;

namespace Partitioner.Core.Geography;

/// <summary>
/// The geometry factory for British National Grid metres (EPSG:27700). Its geometries overlay with
/// NTS's OverlayNG in its robust form: a union or intersection that fails in floating point is retried
/// with snapping and then with snap-rounding, instead of throwing a TopologyException
/// ("side location conflict") on the near-coincident edges of real generalised boundaries.
/// </summary>
internal static class GridGeometry
{
    /// <summary>Floating precision, SRID 27700, robust overlay.</summary>
    public static GeometryFactory Factory { get; } =
        new NtsGeometryServices(GeometryOverlay.NG).CreateGeometryFactory(new PrecisionModel(), 27700);

    /// <summary>The millimetre grid the cells are noded on.</summary>
    public static PrecisionModel Millimetres { get; } = new(1000);

    /// <summary>
    /// A valid polygonal geometry snapped to the millimetre grid (still valid), so that the study area
    /// and the cells cut from it agree to the last bit.
    /// </summary>
    public static Geometry ToMillimetres(Geometry area)
    {
        try { return GeometryPrecisionReducer.Reduce(area, Millimetres); }
        catch (Exception e) when (e is ArgumentException or TopologyException)
        {
            return GeometryFixer.Fix(GeometryPrecisionReducer.ReducePointwise(GeometryFixer.Fix(area), Millimetres));
        }
    }
}
