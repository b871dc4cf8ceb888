using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Precision;
using Partitioner.Core.Coordinates;

namespace Partitioner.Core.GeoJson;

/// <summary>Turns British National Grid geometries into RFC 7946 output geometries: WGS84, 6 decimals, still valid.</summary>
public static class Wgs84Output
{
    private static readonly PrecisionModel SixDecimals = new(1e6);

    /// <summary>Projects to WGS84 lon/lat and snaps to 6 decimals while keeping the polygon valid.</summary>
    public static Geometry FromGrid(Geometry grid)
    {
        if (grid.IsEmpty) return grid;
        var copy = grid.Copy();
        copy.Apply(new ToWgs84Filter());
        copy.GeometryChanged();
        try
        {
            return GeometryPrecisionReducer.Reduce(copy, SixDecimals);
        }
        catch (Exception e) when (e is ArgumentException or TopologyException)
        {
            // Reduction overlays the polygon with itself; a polygon that is valid but nearly degenerate
            // (a zero-width hole) can still fail. Repair it first, and at worst round each vertex and repair.
            var fixedUp = GeometryFixer.Fix(copy);
            try { return GeometryPrecisionReducer.Reduce(fixedUp, SixDecimals); }
            catch (Exception again) when (again is ArgumentException or TopologyException)
            {
                return GeometryFixer.Fix(GeometryPrecisionReducer.ReducePointwise(fixedUp, SixDecimals));
            }
        }
    }

    /// <summary>Snaps a WGS84 geometry to 6 decimals while keeping it valid (for WGS84 input written back out).</summary>
    public static Geometry Snap(Geometry wgs84) => wgs84.IsEmpty ? wgs84 : GeometryPrecisionReducer.Reduce(wgs84, SixDecimals);

    private sealed class ToWgs84Filter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (lon, lat) = BritishNationalGrid.ToWgs84(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, lon);
            seq.SetY(i, lat);
        }
    }
}
