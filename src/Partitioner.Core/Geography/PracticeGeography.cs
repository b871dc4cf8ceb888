using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Triangulate;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Geography;

/// <summary>
/// The neighbourhood geography of a set of practices, in British National Grid metres: practices at
/// the same location share a site; each site has a Voronoi cell clipped to the study area; sites
/// whose cells share a border of positive length are neighbours; separate parts are bridged.
/// Immutable once built; safe to share between threads.
/// </summary>
public sealed class PracticeGeography
{
    private PracticeGeography(
        PracticeSet practices, int[] siteOfPractice, int[] siteOffsets, int[] sitePractices, double[] siteX, double[] siteY,
        Geometry[] cells, Geometry studyArea, AdjacencyGraph siteGraph, AdjacencyGraph practiceGraph, double[] practiceBorders,
        IReadOnlyList<Bridge> bridges, int parts, IReadOnlyList<InputWarning> warnings)
    {
        PracticeBorderMetres = practiceBorders;
        Practices = practices;
        SiteOfPractice = siteOfPractice;
        _siteOffsets = siteOffsets;
        _sitePractices = sitePractices;
        SiteX = siteX;
        SiteY = siteY;
        Cells = cells;
        StudyArea = studyArea;
        SiteGraph = siteGraph;
        PracticeGraph = practiceGraph;
        Bridges = bridges;
        PartsBeforeBridging = parts;
        Warnings = warnings;
    }

    private readonly int[] _siteOffsets;
    private readonly int[] _sitePractices;

    /// <summary>
    /// The length in metres of the border between the cells of the two practices of each edge of
    /// <see cref="PracticeGraph"/>, aligned with its CSR targets (0 for practices sharing a site and for island bridges).
    /// </summary>
    public double[] PracticeBorderMetres { get; }

    /// <summary>The practices this geography was built for.</summary>
    public PracticeSet Practices { get; }

    /// <summary>Number of distinct sites (practice locations).</summary>
    public int SiteCount => SiteX.Length;

    /// <summary>Site index of each practice.</summary>
    public int[] SiteOfPractice { get; }

    /// <summary>Site eastings in metres.</summary>
    public double[] SiteX { get; }

    /// <summary>Site northings in metres.</summary>
    public double[] SiteY { get; }

    /// <summary>Voronoi cell of each site, clipped to the study area (metres).</summary>
    public Geometry[] Cells { get; }

    /// <summary>The study area used for clipping (metres).</summary>
    public Geometry StudyArea { get; }

    /// <summary>Neighbour graph over sites, bridges included.</summary>
    public AdjacencyGraph SiteGraph { get; }

    /// <summary>Neighbour graph over practices: practices at one site are neighbours, and practices at neighbouring sites are; bridges included.</summary>
    public AdjacencyGraph PracticeGraph { get; }

    /// <summary>Bridges added to join separate parts (empty when bridging is off or not needed).</summary>
    public IReadOnlyList<Bridge> Bridges { get; }

    /// <summary>Number of connected parts before bridging.</summary>
    public int PartsBeforeBridging { get; }

    /// <summary>Warnings (practices outside the boundary, shared sites).</summary>
    public IReadOnlyList<InputWarning> Warnings { get; }

    /// <summary>Practice indices at a site.</summary>
    public ReadOnlySpan<int> PracticesAt(int site) => new(_sitePractices, _siteOffsets[site], _siteOffsets[site + 1] - _siteOffsets[site]);

    /// <summary>
    /// Builds the geography. Throws <see cref="InputException"/> when it cannot be built. <paramref name="cancellationToken"/>
    /// is checked between the steps and inside their loops (a service stops the work when a request's deadline passes or its
    /// client leaves): <see cref="OperationCanceledException"/>.
    /// </summary>
    public static PracticeGeography Build(PracticeSet practices, GeographyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GeographyOptions();
        var factory = GridGeometry.Factory;
        int n = practices.Count;

        // Sites: practices at the same point (to the metre) share one.
        var siteOfPractice = new int[n];
        var siteByPoint = new Dictionary<(long, long), int>();
        var siteX = new List<double>();
        var siteY = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var p = practices[i];
            var key = ((long)Math.Round(p.Easting), (long)Math.Round(p.Northing));
            if (!siteByPoint.TryGetValue(key, out int s))
            {
                s = siteX.Count;
                siteByPoint[key] = s;
                siteX.Add(key.Item1);
                siteY.Add(key.Item2);
            }
            siteOfPractice[i] = s;
        }
        int siteCount = siteX.Count;
        var siteOffsets = new int[siteCount + 1];
        foreach (int s in siteOfPractice) siteOffsets[s + 1]++;
        for (int s = 0; s < siteCount; s++) siteOffsets[s + 1] += siteOffsets[s];
        var sitePractices = new int[n];
        var fill = (int[])siteOffsets.Clone();
        for (int i = 0; i < n; i++) sitePractices[fill[siteOfPractice[i]]++] = i;

        var warnings = new List<InputWarning>();
        var coords = new Coordinate[siteCount];
        for (int s = 0; s < siteCount; s++) coords[s] = new Coordinate(siteX[s], siteY[s]);
        var points = factory.CreateMultiPointFromCoords(coords);

        // Study area.
        Geometry studyArea;
        if (options.Boundary is null)
        {
            studyArea = points.ConvexHull().Buffer(options.HullBufferMetres, 8);
        }
        else
        {
            studyArea = factory.CreateGeometry(options.Boundary);
            var prepared = PreparedGeometryFactory.Prepare(studyArea);
            var extra = new List<Geometry>();
            for (int s = 0; s < siteCount; s++)
            {
                if ((s & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                var pt = factory.CreatePoint(coords[s]);
                if (prepared.Covers(pt)) continue;
                extra.Add(pt.Buffer(1_000, 8));
                foreach (int i in sitePractices.AsSpan(siteOffsets[s], siteOffsets[s + 1] - siteOffsets[s]))
                    warnings.Add(new InputWarning(practices[i].Code, $"practice {practices[i].Code} lies outside the study boundary; a 1 km area around it was added to the study area."));
            }
            if (extra.Count > 0)
                studyArea = NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Union(extra.Append(studyArea).ToArray());
        }

        cancellationToken.ThrowIfCancellationRequested();
        studyArea = GridGeometry.ToMillimetres(studyArea);
        cancellationToken.ThrowIfCancellationRequested();
        var cells = BuildCells(factory, coords, siteByPoint, studyArea, out var delaunayEdges, cancellationToken);
        var edges = FindNeighbours(cells, delaunayEdges, out var borders, cancellationToken);

        var bridges = new List<Bridge>();
        var graph = AdjacencyGraph.FromEdges(siteCount, edges);
        graph.Components(out int parts);
        if (parts > 1 && options.BridgeIslands)
        {
            AddBridges(graph, siteX, siteY, siteOffsets, sitePractices, practices, edges, bridges, cancellationToken);
            graph = AdjacencyGraph.FromEdges(siteCount, edges);
        }

        var practiceEdges = new List<(int, int)>();
        for (int s = 0; s < siteCount; s++)
        {
            if ((s & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var here = sitePractices.AsSpan(siteOffsets[s], siteOffsets[s + 1] - siteOffsets[s]);
            for (int a = 0; a < here.Length; a++)
                for (int b = a + 1; b < here.Length; b++)
                    practiceEdges.Add((here[a], here[b]));
            foreach (int t in graph.Neighbours(s))
            {
                if (t < s) continue;
                var there = sitePractices.AsSpan(siteOffsets[t], siteOffsets[t + 1] - siteOffsets[t]);
                foreach (int a in here)
                    foreach (int b in there)
                        practiceEdges.Add((a, b));
            }
        }
        var practiceGraph = AdjacencyGraph.FromEdges(n, practiceEdges);
        var practiceBorders = new double[practiceGraph.Targets.Length];
        for (int v = 0, e = 0; v < n; v++)
            foreach (int w in practiceGraph.Neighbours(v))
            {
                int a = siteOfPractice[v], b = siteOfPractice[w];
                practiceBorders[e++] = a == b ? 0 : borders.GetValueOrDefault((Math.Min(a, b), Math.Max(a, b)));
            }
        return new PracticeGeography(practices, siteOfPractice, siteOffsets, sitePractices, siteX.ToArray(), siteY.ToArray(),
            cells, studyArea, graph, practiceGraph, practiceBorders, bridges, parts, warnings);
    }

    private static Geometry[] BuildCells(GeometryFactory factory, Coordinate[] coords, Dictionary<(long, long), int> siteByPoint, Geometry studyArea, out List<(int, int)> delaunayEdges,
        CancellationToken cancellationToken)
    {
        int siteCount = coords.Length;
        var cells = new Geometry[siteCount];
        delaunayEdges = new List<(int, int)>();
        if (siteCount == 1)
        {
            cells[0] = studyArea;
            return cells;
        }
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(coords);
        var env = new Envelope(studyArea.EnvelopeInternal);
        env.ExpandBy(Math.Max(env.Width, env.Height) * 0.1 + 1_000);
        builder.ClipEnvelope = env;
        var diagram = builder.GetDiagram(factory);
        cancellationToken.ThrowIfCancellationRequested();
        cells = CellCoverage.Build(factory, diagram, c => siteByPoint[((long)c.X, (long)c.Y)], siteCount, studyArea, cancellationToken);
        foreach (var qe in builder.GetSubdivision().GetPrimaryEdges(false))
        {
            var a = qe.Orig.Coordinate;
            var b = qe.Dest.Coordinate;
            if (siteByPoint.TryGetValue(((long)a.X, (long)a.Y), out int sa) && siteByPoint.TryGetValue(((long)b.X, (long)b.Y), out int sb))
                delaunayEdges.Add((sa, sb));
        }
        for (int s = 0; s < siteCount; s++)
            cells[s] ??= factory.CreatePolygon();
        return cells;
    }

    /// <summary>Neighbours = Delaunay pairs whose clipped cells share a border of positive length; <paramref name="borders"/>
    /// gives each pair's border length in metres.</summary>
    private static List<(int, int)> FindNeighbours(Geometry[] cells, List<(int, int)> candidates, out Dictionary<(int, int), double> borders,
        CancellationToken cancellationToken)
    {
        // Cells from one Voronoi diagram share their vertices, so a shared border shows up as a segment
        // seen from both sides. Vertices made by clipping are computed once per cell and may differ in the
        // last bits, so segments are matched to the millimetre; pairs still unmatched get a geometric test.
        var owner = new Dictionary<(long, long, long, long), int>();
        var found = new Dictionary<(int, int), double>();
        for (int s = 0; s < cells.Length; s++)
        {
            if ((s & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            for (int g = 0; g < cells[s].NumGeometries; g++)
            {
                if (cells[s].GetGeometryN(g) is not Polygon poly) continue;
                AddRing(poly.ExteriorRing, s);
                foreach (var hole in poly.InteriorRings) AddRing(hole, s);
            }
        }
        var edges = new List<(int, int)>();
        foreach (var (a0, b0) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int a = Math.Min(a0, b0), b = Math.Max(a0, b0);
            if (a == b) continue;
            if (found.ContainsKey((a, b))) { edges.Add((a, b)); continue; }
            if (cells[a].IsEmpty || cells[b].IsEmpty || !cells[a].EnvelopeInternal.Intersects(cells[b].EnvelopeInternal)) continue;
            double shared = SharedBorder(cells[a], cells[b]);
            if (shared < 1) continue;
            edges.Add((a, b));
            found[(a, b)] = shared;
        }
        borders = found;
        return edges;

        void AddRing(LineString ring, int site)
        {
            var cs = ring.CoordinateSequence;
            for (int i = 0; i + 1 < cs.Count; i++)
            {
                long x1 = Millimetres(cs.GetX(i)), y1 = Millimetres(cs.GetY(i)), x2 = Millimetres(cs.GetX(i + 1)), y2 = Millimetres(cs.GetY(i + 1));
                if (x1 == x2 && y1 == y2) continue;
                var key = (x1 < x2 || (x1 == x2 && y1 < y2)) ? (x1, y1, x2, y2) : (x2, y2, x1, y1);
                if (owner.TryGetValue(key, out int other))
                {
                    if (other == site) continue;
                    var pair = (Math.Min(other, site), Math.Max(other, site));
                    found[pair] = found.GetValueOrDefault(pair) + Math.Sqrt((double)(x2 - x1) * (x2 - x1) + (double)(y2 - y1) * (y2 - y1)) / 1000;
                }
                else owner[key] = site;
            }
        }
    }

    private static long Millimetres(double metres) => (long)Math.Round(metres * 1000);

    /// <summary>The length in metres of the border two cells share (tolerating clipping noise of a centimetre); 0 when
    /// they do not touch.</summary>
    private static double SharedBorder(Geometry a, Geometry b)
    {
        if (!NetTopologySuite.Operation.Distance.DistanceOp.IsWithinDistance(a, b, 0.01)) return 0;
        double shared = a.Intersection(b).Length;
        return shared >= 1 ? shared : a.Boundary.Intersection(b.Buffer(0.01, 2)).Length;
    }

    /// <summary>Joins each smaller part to the nearest site of another part until one part remains.</summary>
    private static void AddBridges(AdjacencyGraph graph, List<double> siteX, List<double> siteY, int[] siteOffsets, int[] sitePractices,
        PracticeSet practices, List<(int, int)> edges, List<Bridge> bridges, CancellationToken cancellationToken)
    {
        int siteCount = siteX.Count;
        var part = graph.Components(out int parts);
        // Union-find over parts so that joined parts count as one.
        var root = new int[parts];
        for (int i = 0; i < parts; i++) root[i] = i;
        int Find(int p) { while (root[p] != p) p = root[p] = root[root[p]]; return p; }
        int remaining = parts;
        while (remaining > 1)
        {
            // The smallest part (by site count, then lowest part index) is joined first.
            var size = new int[parts];
            for (int s = 0; s < siteCount; s++) size[Find(part[s])]++;
            int island = -1;
            for (int p = 0; p < parts; p++)
                if (Find(p) == p && (island < 0 || size[p] < size[island])) island = p;
            double best = double.MaxValue;
            int from = -1, to = -1;
            for (int s = 0; s < siteCount; s++)
            {
                if (Find(part[s]) != island) continue;
                cancellationToken.ThrowIfCancellationRequested();
                for (int t = 0; t < siteCount; t++)
                {
                    if (Find(part[t]) == island) continue;
                    double dx = siteX[s] - siteX[t], dy = siteY[s] - siteY[t];
                    double d = dx * dx + dy * dy;
                    if (d < best) { best = d; from = s; to = t; }
                }
            }
            int islandPractices = 0;
            double islandPatients = 0;
            for (int s = 0; s < siteCount; s++)
            {
                if (Find(part[s]) != island) continue;
                for (int k = siteOffsets[s]; k < siteOffsets[s + 1]; k++)
                {
                    islandPractices++;
                    islandPatients += practices[sitePractices[k]].Patients;
                }
            }
            edges.Add((from, to));
            bridges.Add(new Bridge(practices[sitePractices[siteOffsets[from]]].Code, practices[sitePractices[siteOffsets[to]]].Code,
                Math.Sqrt(best), islandPractices, islandPatients));
            root[island] = Find(part[to]);
            remaining--;
        }
    }
}
