using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Noding;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;

namespace Partitioner.Core.Geography;

/// <summary>
/// Cuts a study area into the sites' Voronoi cells as one planar coverage: the cells' edges and the
/// study area's rings are noded together once, by snap-rounding to the millimetre, and polygonized, so
/// neighbouring cells share exactly the same edge vertices. Clipping each cell on its own computes the
/// points where the boundary crosses a shared edge twice, and the two results can differ in the last
/// bits: a consortium dissolved from such cells is left with hairline slivers between its own cells.
/// </summary>
internal static class CellCoverage
{
    /// <summary>
    /// The clipped cell of each site. <paramref name="diagram"/> holds one Voronoi polygon per site with
    /// the site's coordinate as its user data; <paramref name="siteOf"/> maps that coordinate to the site.
    /// </summary>
    public static Geometry[] Build(GeometryFactory factory, Geometry diagram, Func<Coordinate, int> siteOf, int siteCount, Geometry studyArea)
    {
        var segments = new List<ISegmentString>(diagram.NumGeometries * 4);
        var seen = new HashSet<(double, double, double, double)>();
        var owners = new STRtree<(int Site, Coordinate At)>();
        for (int g = 0; g < diagram.NumGeometries; g++)
        {
            var cell = diagram.GetGeometryN(g);
            if (cell is Polygon p && !p.IsEmpty) AddSegments(p.ExteriorRing.CoordinateSequence, seen, segments);
            var site = (Coordinate)cell.UserData;
            owners.Insert(cell.EnvelopeInternal, (siteOf(site), site));
        }
        owners.Build();
        for (int i = 0; i < studyArea.NumGeometries; i++)
        {
            if (studyArea.GetGeometryN(i) is not Polygon p || p.IsEmpty) continue;
            AddSegments(p.ExteriorRing.CoordinateSequence, seen, segments);
            foreach (var hole in p.InteriorRings) AddSegments(hole.CoordinateSequence, seen, segments);
        }

        var noder = new SnapRoundingNoder(GridGeometry.Millimetres);
        noder.ComputeNodes(segments);
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

        var inside = PreparedGeometryFactory.Prepare(studyArea);
        var faces = new List<Geometry>?[siteCount];
        foreach (var face in polygonizer.GetPolygons())
        {
            if (face.Area <= 0) continue;
            var point = face.InteriorPoint;
            if (point.IsEmpty || !inside.Intersects(point)) continue;
            int site = Owner(owners, point.Coordinate);
            if (site >= 0) (faces[site] ??= []).Add(face);
        }

        var cells = new Geometry[siteCount];
        for (int s = 0; s < siteCount; s++)
        {
            var list = faces[s];
            cells[s] = list is null ? factory.CreatePolygon()
                : list.Count == 1 ? list[0]
                : CoverageUnion.Union(factory.BuildGeometry(list));
        }
        return cells;
    }

    /// <summary>The site nearest the point among the cells around it: a Voronoi cell is the set of points nearest its site.</summary>
    private static int Owner(STRtree<(int Site, Coordinate At)> owners, Coordinate p)
    {
        var search = new Envelope(p);
        search.ExpandBy(1);
        int best = -1;
        double bestDistance = double.MaxValue;
        foreach (var (site, at) in owners.Query(search))
        {
            double d = at.Distance(p);
            if (d < bestDistance || (d == bestDistance && site < best)) { bestDistance = d; best = site; }
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
