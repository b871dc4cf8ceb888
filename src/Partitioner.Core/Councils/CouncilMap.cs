using System.Globalization;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Geography;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Councils;

/// <summary>
/// Council boundaries (e.g. local-authority districts) with a code and a name, read from a WGS84 GeoJSON
/// FeatureCollection. A practice's council is the polygon containing its surgery, tested in longitude/latitude, where
/// GeoJSON's edges are straight (RFC 7946); a practice just outside every polygon (generalised coastlines put a few in
/// the sea) takes the nearest one within <see cref="NearestWithinMetres"/>, measured in British National Grid metres.
/// Immutable and safe to share between threads once built.
/// </summary>
public sealed class CouncilMap
{
    /// <summary>How far outside every polygon a practice may lie and still be given the nearest council, in metres.</summary>
    public const double NearestWithinMetres = 2_000;

    /// <summary>The largest council file read, in bytes.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Property names tried for a council's code, in order (case-insensitive).</summary>
    public static IReadOnlyList<string> CodeProperties { get; } = ["la_code", "council_code", "code", "lad_code", "id"];

    /// <summary>Property names tried for a council's name, in order (case-insensitive).</summary>
    public static IReadOnlyList<string> NameProperties { get; } = ["name", "la_name", "council_name", "lad_name"];

    private readonly Geometry[] _grid;
    private readonly IndexedPointInAreaLocator[] _locators;
    private readonly STRtree<int> _wgs84Index = new();
    private readonly STRtree<int> _gridIndex = new();

    private CouncilMap(string source, string[] codes, string[] names, Geometry[] wgs84)
    {
        Source = source;
        Codes = codes;
        Names = names;
        _grid = new Geometry[wgs84.Length];
        _locators = new IndexedPointInAreaLocator[wgs84.Length];
        for (int i = 0; i < wgs84.Length; i++)
        {
            _locators[i] = new IndexedPointInAreaLocator(wgs84[i]);
            _wgs84Index.Insert(wgs84[i].EnvelopeInternal, i);
            _grid[i] = ToGrid(wgs84[i]);
            _gridIndex.Insert(_grid[i].EnvelopeInternal, i);
        }
        _wgs84Index.Build();
        _gridIndex.Build();
    }

    /// <summary>Where the polygons came from (a file name, a dataset), for reports.</summary>
    public string Source { get; }

    /// <summary>Council code per polygon, in file order.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>Council name per polygon (the code when the file gives none).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of councils.</summary>
    public int Count => Codes.Count;

    /// <summary>Reads a council file. Throws <see cref="InputException"/> naming the file, the feature and what to do.</summary>
    public static CouncilMap ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, "(councils)", null, "The council boundary file does not exist. Check the path.");
        using var s = File.OpenRead(path);
        return Read(s, Path.GetFileName(path));
    }

    /// <summary>Reads a WGS84 GeoJSON FeatureCollection of council polygons with a code property (la_code, council_code or code).</summary>
    public static CouncilMap Read(Stream stream, string source)
    {
        var bytes = BoundedStream.ReadAll(stream, MaxBytes, "council boundary file");
        var layer = FeatureLayerReader.Read(bytes.AsMemory(), source, "Councils");
        int codeAt = Find(layer, CodeProperties), nameAt = Find(layer, NameProperties);
        if (codeAt < 0)
            throw new InputException(source, "la_code", null, $"No feature property names the council. Give each polygon a code in one of: {string.Join(", ", CodeProperties)}.");
        var problems = new List<InputProblem>();
        var codes = new List<string>();
        var names = new List<string>();
        var polygons = new List<Geometry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < layer.Features.Count; f++)
        {
            var feature = layer.Features[f];
            string where = $"{source} feature {f + 1}";
            string code = Text(feature.Values[codeAt]);
            if (feature.Geometry is not (Polygon or MultiPolygon) || feature.Geometry.IsEmpty)
            {
                problems.Add(new InputProblem(where, "geometry", code, "A council must be a Polygon or MultiPolygon. Remove the feature or give its outline."));
                continue;
            }
            if (code.Length == 0)
            {
                problems.Add(new InputProblem(where, layer.Fields[codeAt].Name, null, "The council has no code. Give every polygon a code."));
                continue;
            }
            if (seen.ContainsKey(code))
            {
                problems.Add(new InputProblem(where, layer.Fields[codeAt].Name, code, $"Council {code} appears twice (feature {seen[code] + 1}). Join its polygons into one MultiPolygon."));
                continue;
            }
            if (!OnGrid(feature.Geometry))
            {
                problems.Add(new InputProblem(where, "coordinates", code, "The polygon is not in Great Britain in WGS84 longitude/latitude. Give RFC 7946 GeoJSON ([lon, lat])."));
                continue;
            }
            seen[code] = f;
            codes.Add(code);
            names.Add(nameAt < 0 || Text(feature.Values[nameAt]).Length == 0 ? code : Text(feature.Values[nameAt]));
            polygons.Add(feature.Geometry);
            if (problems.Count >= 100) break;
        }
        if (problems.Count > 0) throw new InputException(problems);
        if (codes.Count == 0) throw new InputException(source, "features", null, "The council file holds no polygons. Give one polygon per council.");
        return new CouncilMap(source, [.. codes], [.. names], [.. polygons]);
    }

    /// <summary>
    /// The index of the council containing the point (WGS84 degrees; the same point in British National Grid metres for
    /// the distance): the first polygon in file order that covers it, else the nearest within
    /// <see cref="NearestWithinMetres"/>; -1 when none is that close. <paramref name="nearest"/> is true when the point
    /// lies outside every polygon.
    /// </summary>
    public int Locate(double longitude, double latitude, double easting, double northing, out bool nearest)
    {
        nearest = false;
        var c = new Coordinate(longitude, latitude);
        int best = int.MaxValue;
        foreach (int i in _wgs84Index.Query(new Envelope(c)))
            if (i < best && _locators[i].Locate(c) != Location.Exterior) best = i;
        if (best != int.MaxValue) return best;
        var g = new Coordinate(easting, northing);
        var near = new Envelope(g);
        near.ExpandBy(NearestWithinMetres);
        var point = GridGeometry.Factory.CreatePoint(g);
        double bestDistance = double.PositiveInfinity;
        foreach (int i in _gridIndex.Query(near))
        {
            double d = _grid[i].Distance(point);
            if (d <= NearestWithinMetres && (d < bestDistance || (d == bestDistance && i < best))) { bestDistance = d; best = i; }
        }
        nearest = best != int.MaxValue;
        return nearest ? best : -1;
    }

    private static int Find(FeatureLayer layer, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            for (int i = 0; i < layer.Fields.Count; i++)
                if (string.Equals(layer.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    private static bool OnGrid(Geometry g)
    {
        foreach (var c in g.Coordinates)
            if (!BritishNationalGrid.IsInGreatBritain(c.X, c.Y)) return false;
        return true;
    }

    private static Geometry ToGrid(Geometry wgs84)
    {
        var g = GridGeometry.Factory.CreateGeometry(wgs84);
        g.Apply(new ToGridFilter());
        g.GeometryChanged();
        return g.IsValid ? g : GeometryFixer.Fix(g);
    }

    private sealed class ToGridFilter : ICoordinateSequenceFilter
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
}
