using NetTopologySuite.Geometries;
using NetTopologySuite.Precision;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Geography;

namespace Partitioner.Core.Layers;

/// <summary>Turns WGS84 output geometries into British National Grid ones (EPSG:27700, metres, millimetre precision, still valid).</summary>
public static class GridOutput
{
    /// <summary>The EPSG code of British National Grid.</summary>
    public const int Srid = 27700;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(1000), Srid);

    /// <summary>Projects a WGS84 longitude/latitude geometry to British National Grid and snaps it to millimetres.</summary>
    public static Geometry FromWgs84(Geometry wgs84)
    {
        var copy = Factory.CreateGeometry(wgs84);
        if (copy.IsEmpty) return copy;
        copy.Apply(new ToGridFilter());
        copy.GeometryChanged();
        // Snapping a polygon may make it invalid where two vertices nearly meet; the reducer repairs that.
        return copy is Point ? copy : GeometryPrecisionReducer.Reduce(copy, Factory.PrecisionModel);
    }

    private sealed class ToGridFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (e, n) = BritishNationalGrid.FromWgs84(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, Math.Round(e, 3));
            seq.SetY(i, Math.Round(n, 3));
        }
    }
}
