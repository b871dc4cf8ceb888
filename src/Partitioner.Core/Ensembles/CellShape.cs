using NetTopologySuite.Geometries;
using Partitioner.Core.Geography;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// What the per-plan Polsby–Popper figure needs of the geography, measured once: each practice's share of its site's
/// Voronoi cell area, its share of the cell's border with the outside of the study area, and, per edge of the practice
/// graph, the length of border the two practices' cells share. A consortium's area is then the sum over its practices
/// and its perimeter the outside border plus the shared border across its cut edges: O(practices + edges) per plan, no
/// polygon is dissolved. Exact for the dissolved polygon when every site lies wholly inside one consortium (the cells
/// of a site's practices, shared when a site is split, are counted in equal shares); a bridge has no border.
/// Lengths in km, areas in km². Immutable.
/// </summary>
internal sealed class CellShape
{
    private CellShape(double[] area, double[] outside, double[] edgeLength)
    {
        Area = area;
        Outside = outside;
        EdgeLength = edgeLength;
    }

    /// <summary>km² per practice.</summary>
    public double[] Area { get; }

    /// <summary>km of study-area border per practice.</summary>
    public double[] Outside { get; }

    /// <summary>km of shared cell border per directed edge of the practice graph (CSR order).</summary>
    public double[] EdgeLength { get; }

    public static CellShape Measure(PracticeGeography geography)
    {
        int sites = geography.SiteCount, n = geography.Practices.Count;
        var cells = geography.Cells;
        var shared = SharedBorders(cells);
        var siteGraph = geography.SiteGraph;
        var siteShared = new Dictionary<(int, int), double>();
        var borderOf = new double[sites];
        for (int s = 0; s < sites; s++)
        {
            foreach (int t in siteGraph.Neighbours(s))
            {
                if (t < s) continue;
                if (!shared.TryGetValue((s, t), out double length) || length <= 0)
                    length = cells[s].IsEmpty || cells[t].IsEmpty ? 0 : cells[s].Intersection(cells[t]).Length;
                siteShared[(s, t)] = length;
                borderOf[s] += length;
                borderOf[t] += length;
            }
        }
        var count = new int[sites];
        foreach (int s in geography.SiteOfPractice) count[s]++;
        var area = new double[n];
        var outside = new double[n];
        for (int v = 0; v < n; v++)
        {
            int s = geography.SiteOfPractice[v];
            area[v] = cells[s].Area / 1e6 / count[s];
            outside[v] = Math.Max(0, cells[s].Length - borderOf[s]) / 1000 / count[s];
        }
        var graph = geography.PracticeGraph;
        var offsets = graph.Offsets;
        var targets = graph.Targets;
        var edgeLength = new double[targets.Length];
        for (int v = 0; v < n; v++)
        {
            int s = geography.SiteOfPractice[v];
            for (int e = offsets[v]; e < offsets[v + 1]; e++)
            {
                int t = geography.SiteOfPractice[targets[e]];
                if (s == t) continue;
                edgeLength[e] = siteShared.GetValueOrDefault((Math.Min(s, t), Math.Max(s, t))) / 1000 / (count[s] * count[t]);
            }
        }
        return new CellShape(area, outside, edgeLength);
    }

    /// <summary>Border length (m) shared by each pair of cells, from ring segments seen from both sides (matched to the
    /// millimetre, as the geography matches them to find neighbours).</summary>
    private static Dictionary<(int, int), double> SharedBorders(Geometry[] cells)
    {
        var owner = new Dictionary<(long, long, long, long), int>();
        var shared = new Dictionary<(int, int), double>();
        for (int s = 0; s < cells.Length; s++)
            for (int g = 0; g < cells[s].NumGeometries; g++)
            {
                if (cells[s].GetGeometryN(g) is not Polygon polygon) continue;
                Add(polygon.ExteriorRing, s);
                foreach (var hole in polygon.InteriorRings) Add(hole, s);
            }
        return shared;

        void Add(LineString ring, int site)
        {
            var cs = ring.CoordinateSequence;
            for (int i = 0; i + 1 < cs.Count; i++)
            {
                long x1 = Mm(cs.GetX(i)), y1 = Mm(cs.GetY(i)), x2 = Mm(cs.GetX(i + 1)), y2 = Mm(cs.GetY(i + 1));
                if (x1 == x2 && y1 == y2) continue;
                var key = (x1 < x2 || (x1 == x2 && y1 < y2)) ? (x1, y1, x2, y2) : (x2, y2, x1, y1);
                if (owner.TryGetValue(key, out int other))
                {
                    if (other == site) continue;
                    var pair = (Math.Min(other, site), Math.Max(other, site));
                    double dx = cs.GetX(i + 1) - cs.GetX(i), dy = cs.GetY(i + 1) - cs.GetY(i);
                    shared[pair] = shared.GetValueOrDefault(pair) + Math.Sqrt(dx * dx + dy * dy);
                }
                else owner[key] = site;
            }
        }
    }

    private static long Mm(double metres) => (long)Math.Round(metres * 1000);
}
