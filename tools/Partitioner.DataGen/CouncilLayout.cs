using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace Partitioner.DataGen;

/// <summary>
/// Synthetic councils (local-authority districts) for a dataset: patient-weighted k-means centres of the practices
/// (k-means++ start, then Lloyd rounds), each council the Voronoi cell of its centre cut to the land. A practice's
/// council is therefore its nearest centre, and the polygon holding it. Codes follow the ONS pattern with a 9 after
/// the type (E06 unitary, E07 district, E08 metropolitan by size), e.g. <c>E07900012</c>, so they never match a real one.
/// Uses its own seeded source, so adding councils changes no other column.
/// </summary>
public sealed class CouncilLayout
{
    private const double KmPerDegreeLat = 111.2;
    private const int LloydRounds = 12;
    private const long SmallestCouncil = 40_000;

    private CouncilLayout(IReadOnlyList<Council> councils, string[] codeOf)
    {
        Councils = councils;
        CodeOf = codeOf;
    }

    /// <summary>The councils, ordered north to south.</summary>
    public IReadOnlyList<Council> Councils { get; }

    /// <summary>Council code per practice (input order).</summary>
    public IReadOnlyList<string> CodeOf { get; }

    /// <summary>Lays out <paramref name="count"/> councils over <paramref name="practices"/> on <paramref name="land"/>, named after <paramref name="towns"/>.</summary>
    public static CouncilLayout Build(Random random, IReadOnlyList<Practice> practices, IReadOnlyList<Outline> land, IReadOnlyList<Town> towns, int count)
    {
        double refLat = practices.Average(p => p.Location.Lat);
        double kx = KmPerDegreeLat * Math.Cos(refLat * Math.PI / 180.0);
        int n = practices.Count;
        var x = new double[n];
        var y = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) (x[i], y[i], w[i]) = (practices[i].Location.Lon * kx, practices[i].Location.Lat * KmPerDegreeLat, practices[i].ListSize);

        var (cx, cy) = Start(random, x, y, w, count);
        var of = new int[n];
        for (int round = 0; round < LloydRounds; round++)
        {
            Assign(x, y, cx, cy, of);
            var sx = new double[count];
            var sy = new double[count];
            var sw = new double[count];
            for (int i = 0; i < n; i++) { sx[of[i]] += w[i] * x[i]; sy[of[i]] += w[i] * y[i]; sw[of[i]] += w[i]; }
            for (int c = 0; c < count; c++)
                if (sw[c] > 0) { cx[c] = sx[c] / sw[c]; cy[c] = sy[c] / sw[c]; }
        }
        Assign(x, y, cx, cy, of);
        // A centre that drew too few patients (a lone rural practice) is dropped, like a district merged into its neighbours.
        while (true)
        {
            var held = new long[count];
            for (int i = 0; i < n; i++) held[of[i]] += practices[i].ListSize;
            int smallest = Array.IndexOf(held, held.Min());
            if (held[smallest] >= SmallestCouncil) break;
            cx = [.. cx[..smallest], .. cx[(smallest + 1)..]];
            cy = [.. cy[..smallest], .. cy[(smallest + 1)..]];
            count--;
            Assign(x, y, cx, cy, of);
        }

        var factory = new GeometryFactory();
        var landShape = factory.BuildGeometry(land.Select(o => (Geometry)KmPolygon(factory, o, kx)).ToList()).Union();
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(Enumerable.Range(0, count).Select(c => new Coordinate(cx[c], cy[c])).ToList());
        var clip = landShape.EnvelopeInternal.Copy();
        clip.ExpandBy(50);
        builder.ClipEnvelope = clip;
        var cells = builder.GetDiagram(factory);
        var cellOf = new Geometry?[count];
        var centre = new Dictionary<(double, double), int>();
        for (int c = 0; c < count; c++) centre[(cx[c], cy[c])] = c;
        for (int g = 0; g < cells.NumGeometries; g++)
        {
            var cell = cells.GetGeometryN(g);
            var site = (Coordinate)cell.UserData;
            cellOf[centre[(site.X, site.Y)]] = cell.Intersection(landShape);
        }
        if (cellOf.Any(c => c is null)) throw new InvalidOperationException("Two council centres coincide; change the seed.");

        var patients = new long[count];
        var members = new int[count];
        for (int i = 0; i < n; i++) { patients[of[i]] += practices[i].ListSize; members[of[i]]++; }
        // North to south, then west to east: codes read down the map like the real numbering of districts by county.
        var order = Enumerable.Range(0, count).OrderByDescending(c => Math.Round(cy[c], 6)).ThenBy(c => Math.Round(cx[c], 6)).ToArray();
        var names = new CouncilNames(towns, kx);
        var councils = new Council[count];
        var codeOfCouncil = new string[count];
        for (int rank = 0; rank < count; rank++)
        {
            int c = order[rank];
            string type = patients[c] >= 400_000 ? "E08" : patients[c] >= 200_000 ? "E06" : "E07";
            string code = $"{type}9{rank + 1:00000}";
            codeOfCouncil[c] = code;
            var shape = ToDegrees(cellOf[c]!, kx);
            councils[rank] = new Council(code, names.Next(cx[c], cy[c]), shape, members[c], patients[c]);
        }
        var codeOf = new string[n];
        for (int i = 0; i < n; i++) codeOf[i] = codeOfCouncil[of[i]];
        return new CouncilLayout(councils, codeOf);
    }

    /// <summary>Patient-weighted k-means++ start: each further centre drawn with probability ∝ patients × squared distance.</summary>
    private static (double[] X, double[] Y) Start(Random random, double[] x, double[] y, double[] w, int count)
    {
        int n = x.Length;
        var cx = new double[count];
        var cy = new double[count];
        var d2 = new double[n];
        Array.Fill(d2, double.PositiveInfinity);
        var weight = new double[n];
        for (int c = 0; c < count; c++)
        {
            for (int i = 0; i < n; i++) weight[i] = c == 0 ? w[i] : w[i] * d2[i];
            int pick = random.NextWeightedIndex(weight);
            (cx[c], cy[c]) = (x[pick], y[pick]);
            for (int i = 0; i < n; i++)
            {
                double dx = x[i] - cx[c], dy = y[i] - cy[c];
                d2[i] = Math.Min(d2[i], (dx * dx) + (dy * dy));
            }
        }
        return (cx, cy);
    }

    private static void Assign(double[] x, double[] y, double[] cx, double[] cy, int[] of)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int best = 0;
            double bestD = double.PositiveInfinity;
            for (int c = 0; c < cx.Length; c++)
            {
                double dx = x[i] - cx[c], dy = y[i] - cy[c], d = (dx * dx) + (dy * dy);
                if (d < bestD) { bestD = d; best = c; }
            }
            of[i] = best;
        }
    }

    private static Polygon KmPolygon(GeometryFactory factory, Outline outline, double kx)
    {
        var ring = outline.Vertices.Select(v => new Coordinate(v.Lon * kx, v.Lat * KmPerDegreeLat)).ToList();
        ring.Add(ring[0]);
        return factory.CreatePolygon([.. ring]);
    }

    private static Geometry ToDegrees(Geometry km, double kx)
    {
        var g = km.Copy();
        g.Apply(new ScaleFilter(1 / kx, 1 / KmPerDegreeLat));
        g.GeometryChanged();
        return g;
    }

    private sealed class ScaleFilter(double sx, double sy) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, seq.GetX(i) * sx);
            seq.SetY(i, seq.GetY(i) * sy);
        }
    }
}
