using NetTopologySuite.Geometries;

namespace Partitioner.Core.Coordinates;

/// <summary>Moves a geometry's coordinates from WGS84 longitude/latitude to British National Grid metres, in place.</summary>
internal sealed class ToGridFilter : ICoordinateSequenceFilter
{
    public bool Done => false;
    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq, int i)
    {
        var (e, n) = BritishNationalGrid.FromWgs84(seq.GetX(i), seq.GetY(i));
        seq.SetX(i, e);
        seq.SetY(i, n);
    }
}
