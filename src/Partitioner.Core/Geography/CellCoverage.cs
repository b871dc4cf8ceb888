using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Noding;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;

namespace Partitioner.Core.Geography;

/// <summary>
/// Cuts a study area into the sites' Voronoi cells as one planar coverage on the millimetre grid: the
/// edges of the cells the boundary cuts and the study area's rings are noded together once, by
/// snap-rounding, and polygonized; cells wholly inside keep their own vertices, rounded to the same grid.
/// Neighbouring cells therefore share exactly the same edge vertices. Clipping each cell on its own computes the
/// points where the boundary crosses a shared edge twice, and the two results can differ in the last
/// bits: a consortium dissolved from such cells is left with hairline slivers between its own cells.
/// </summary>
internal static class CellCoverage
{
    /// <summary>
    /// The clipped cell of each site. <paramref name="diagram"/> holds one Voronoi polygon per site with
    /// the site's coordinate as its user data; <paramref name="siteOf"/> maps that coordinate to the site.
    /// </summary>
    public static Geometry[] Build(GeometryFactory factory, Geometry diagram, Func<Coordinate, int> siteOf, int siteCount, Geometry studyArea, CancellationToken cancellationToken = default)
    {
        var inside = PreparedGeometryFactory.Prepare(studyArea);
        var cells = new Geometry[siteCount];
        var segments = new List<ISegmentString>(diagram.NumGeometries);
        var seen = new HashSet<(double, double, double, double)>();
        var owners = new STRtree<(int Site, Coordinate At, bool Whole)>();
        for (int g = 0; g < diagram.NumGeometries; g++)
        {
            if ((g & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            var cell = diagram.GetGeometryN(g);
            var at = (Coordinate)cell.UserData;
            int site = siteOf(at);
            // A cell well inside the study area is kept whole, on the same millimetre grid; only the cells the
            // boundary cuts are noded, and their edges shared with whole cells round to the same vertices.
            var whole = inside.ContainsProperly(cell) ? Rounded(factory, cell) : null;
            if (whole is not null) cells[site] = whole;
            else if (cell is Polygon p && !p.IsEmpty) AddSegments(p.ExteriorRing.CoordinateSequence, seen, segments);
            owners.Insert(cell.EnvelopeInternal, (site, at, whole is not null));
        }
        owners.Build();
        for (int i = 0; i < studyArea.NumGeometries; i++)
        {
            if (studyArea.GetGeometryN(i) is not Polygon p || p.IsEmpty) continue;
            AddSegments(p.ExteriorRing.CoordinateSequence, seen, segments);
            foreach (var hole in p.InteriorRings) AddSegments(hole.CoordinateSequence, seen, segments);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var noder = new SnapRoundingNoder(GridGeometry.Millimetres);
        noder.ComputeNodes(segments);
        cancellationToken.ThrowIfCancellationRequested();
        var edges = new List<Geometry>();
        var unique = new HashSet<(double, double, double, double)>();
        foreach (var noded in noder.GetNodedSubstrings())
        {
            var cs = noded.Coordinates;
            for (int i = 0; i + 1 < cs.Length; i++)
            {
                var a = cs[i];
                var b = cs[i + 1];
                if (a.Equals2D(b) || !unique.Add(Key(a.X, a.Y, b.X, b.Y))) continue;
                edges.Add(factory.CreateLineString([a.Copy(), b.Copy()]));
            }
        }
        var polygonizer = new Polygonizer(extractOnlyPolygonal: false) { IsCheckingRingsValid = false };
        polygonizer.Add(edges);

        var faces = new List<Geometry>?[siteCount];
        var polygons = polygonizer.GetPolygons();
        cancellationToken.ThrowIfCancellationRequested();
        int faceCount = 0;
        foreach (var face in polygons)
        {
            if ((++faceCount & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (face.Area <= 0) continue;
            var point = face.InteriorPoint;
            if (point.IsEmpty || !inside.Intersects(point)) continue;
            var (site, whole) = Owner(owners, point.Coordinate);
            // Faces inside whole cells are the space the whole cells fill.
            if (site >= 0 && !whole) (faces[site] ??= []).Add(face);
        }
        for (int s = 0; s < siteCount; s++)
        {
            if (cells[s] is not null) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var list = faces[s];
            cells[s] = list is null ? factory.CreatePolygon()
                : list.Count == 1 ? list[0]
                : CoverageUnion.Union(factory.BuildGeometry(list));
        }
        return cells;
    }

    /// <summary>The cell with every vertex rounded to the millimetre, or null when rounding leaves it degenerate.</summary>
    private static Polygon? Rounded(GeometryFactory factory, Geometry cell)
    {
        if (cell is not Polygon p || p.IsEmpty || p.NumInteriorRings > 0) return null;
        var cs = p.ExteriorRing.CoordinateSequence;
        var ring = new List<Coordinate>(cs.Count);
        for (int i = 0; i < cs.Count; i++)
        {
            var c = new Coordinate(GridGeometry.Millimetres.MakePrecise(cs.GetX(i)), GridGeometry.Millimetres.MakePrecise(cs.GetY(i)));
            if (ring.Count == 0 || !ring[^1].Equals2D(c)) ring.Add(c);
        }
        if (ring.Count < 4 || !ring[0].Equals2D(ring[^1])) return null;
        var rounded = factory.CreatePolygon(ring.ToArray());
        return rounded.IsValid && rounded.Area > 0 ? rounded : null;
    }

    /// <summary>The site nearest the point among the cells around it: a Voronoi cell is the set of points nearest its site.</summary>
    private static (int Site, bool Whole) Owner(STRtree<(int Site, Coordinate At, bool Whole)> owners, Coordinate p)
    {
        var search = new Envelope(p);
        search.ExpandBy(1);
        (int Site, bool Whole) best = (-1, false);
        double bestDistance = double.MaxValue;
        foreach (var (site, at, whole) in owners.Query(search))
        {
            double d = at.Distance(p);
            if (d < bestDistance || (d == bestDistance && site < best.Site)) { bestDistance = d; best = (site, whole); }
        }
        return best;
    }

    /// <summary>Adds each segment once: neighbouring cells list their shared edge from both sides.</summary>
    private static void AddSegments(CoordinateSequence cs, HashSet<(double, double, double, double)> seen, List<ISegmentString> into)
    {
        for (int i = 0; i + 1 < cs.Count; i++)
        {
            double x1 = cs.GetX(i), y1 = cs.GetY(i), x2 = cs.GetX(i + 1), y2 = cs.GetY(i + 1);
            if ((x1 == x2 && y1 == y2) || !seen.Add(Key(x1, y1, x2, y2))) continue;
            into.Add(new NodedSegmentString([new Coordinate(x1, y1), new Coordinate(x2, y2)], null));
        }
    }

    private static (double, double, double, double) Key(double x1, double y1, double x2, double y2) =>
        x1 < x2 || (x1 == x2 && y1 < y2) ? (x1, y1, x2, y2) : (x2, y2, x1, y1);
}
