using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>
/// The relaxed neighbourhood graph of a mosaic: the practice graph plus an edge between every two practices of the
/// mosaic area within D km of each other. A consortium connected on it is contiguous outside the mosaic area and, inside
/// it, every practice is within D km of another practice of its consortium or shares a cell border with one. The solver
/// and the evaluation use it in place of the practice graph; nothing else changes.
/// </summary>
public sealed record MosaicLinks(AdjacencyGraph Graph, IReadOnlyList<bool> InMosaic, int MosaicPractices, int AddedLinks, MosaicOptions Options)
{
    /// <summary>Builds the relaxed graph of <paramref name="geography"/>. Throws <see cref="InputException"/> for bad options.</summary>
    public static MosaicLinks Build(PracticeGeography geography, MosaicOptions options)
    {
        ArgumentNullException.ThrowIfNull(geography);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems) throw new InputException(problems);
        if (options.MinDensity is null && options.Area is null)
            throw new InputException("mosaic", "area", null, "Say where the mosaic applies: a density threshold (patients per km²) or an area polygon.");

        var practices = geography.Practices;
        int n = practices.Count;
        var dense = DenseSites(geography, options);
        var inMosaic = new bool[n];
        var members = new List<int>();
        for (int i = 0; i < n; i++)
            if (dense[geography.SiteOfPractice[i]]) { inMosaic[i] = true; members.Add(i); }

        var edges = new List<(int, int)>();
        var g = geography.PracticeGraph;
        for (int v = 0; v < n; v++)
            foreach (int w in g.Neighbours(v))
                if (v < w) edges.Add((v, w));
        int before = edges.Count;
        // Grid buckets of side D: a practice's partners within D lie in its own or the 8 surrounding buckets.
        double d2 = options.DistanceKm * 1000 * options.DistanceKm * 1000, side = options.DistanceKm * 1000;
        var buckets = new Dictionary<(long, long), List<int>>();
        foreach (int i in members)
        {
            var key = ((long)Math.Floor(practices[i].Easting / side), (long)Math.Floor(practices[i].Northing / side));
            if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = new List<int>();
            list.Add(i);
        }
        foreach (int i in members)
        {
            long bx = (long)Math.Floor(practices[i].Easting / side), by = (long)Math.Floor(practices[i].Northing / side);
            for (long dx = -1; dx <= 1; dx++)
                for (long dy = -1; dy <= 1; dy++)
                {
                    if (!buckets.TryGetValue((bx + dx, by + dy), out var list)) continue;
                    foreach (int j in list)
                    {
                        if (j <= i || g.AreAdjacent(i, j)) continue;
                        double ex = practices[i].Easting - practices[j].Easting, ey = practices[i].Northing - practices[j].Northing;
                        if (ex * ex + ey * ey <= d2) edges.Add((i, j));
                    }
                }
        }
        return new MosaicLinks(AdjacencyGraph.FromEdges(n, edges), inMosaic, members.Count, edges.Count - before, options);
    }

    private static bool[] DenseSites(PracticeGeography geography, MosaicOptions options)
    {
        var dense = new bool[geography.SiteCount];
        IPreparedGeometry? area = options.Area is null ? null : PreparedGeometryFactory.Prepare(options.Area);
        var factory = new GeometryFactory(new PrecisionModel(), 27700);
        for (int s = 0; s < geography.SiteCount; s++)
        {
            if (area is not null && area.Covers(factory.CreatePoint(new Coordinate(geography.SiteX[s], geography.SiteY[s])))) { dense[s] = true; continue; }
            if (options.MinDensity is not { } min) continue;
            double patients = 0;
            foreach (int i in geography.PracticesAt(s)) patients += geography.Practices[i].Patients;
            double km2 = geography.Cells[s].Area / 1e6;
            dense[s] = km2 > 0 && patients / km2 >= min;
        }
        return dense;
    }
}
