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
/// Council boundaries (e.g. local-authority districts) as polygons in British National Grid metres, each with a code and
/// a name, read from a WGS84 GeoJSON FeatureCollection. A practice's council is the polygon containing its surgery; a
/// practice just outside every polygon (generalised coastlines put a few in the sea) takes the nearest one within
/// <see cref="NearestWithinMetres"/>. Immutable and safe to share between threads once built.
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

    private readonly Geometry[] _polygons;
    private readonly IndexedPointInAreaLocator[] _locators;
    private readonly STRtree<int> _index = new();

    private CouncilMap(string source, string[] codes, string[] names, Geometry[] polygons)
    {
        Source = source;
        Codes = codes;
        Names = names;
        _polygons = polygons;
        _locators = new IndexedPointInAreaLocator[polygons.Length];
        for (int i = 0; i < polygons.Length; i++)
        {
            _locators[i] = new IndexedPointInAreaLocator(polygons[i]);
            _index.Insert(polygons[i].EnvelopeInternal, i);
        }
        _index.Build();
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
            polygons.Add(ToGrid(feature.Geometry));
            if (problems.Count >= 100) break;
        }
        if (problems.Count > 0) throw new InputException(problems);
        if (codes.Count == 0) throw new InputException(source, "features", null, "The council file holds no polygons. Give one polygon per council.");
        return new CouncilMap(source, [.. codes], [.. names], [.. polygons]);
    }

    /// <summary>
    /// The index of the council containing the point (British National Grid metres): the first polygon in file order
    /// that covers it, else the nearest within <see cref="NearestWithinMetres"/>; -1 when none is that close.
    /// <paramref name="nearest"/> is true when the point lies outside every polygon.
    /// </summary>
    public int Locate(double easting, double northing, out bool nearest)
    {
        nearest = false;
        var c = new Coordinate(easting, northing);
        var hits = _index.Query(new Envelope(c));
        int best = int.MaxValue;
        foreach (int i in hits)
            if (i < best && _locators[i].Locate(c) != Location.Exterior) best = i;
        if (best != int.MaxValue) return best;
        var near = new Envelope(c);
        near.ExpandBy(NearestWithinMetres);
        var point = GridGeometry.Factory.CreatePoint(c);
        double bestDistance = double.PositiveInfinity;
        foreach (int i in _index.Query(near))
        {
            double d = _polygons[i].Distance(point);
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
