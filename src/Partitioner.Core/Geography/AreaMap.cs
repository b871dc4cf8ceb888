using System.Globalization;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using Partitioner.Core.Coordinates;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Geography;

/// <summary>
/// Areas drawn as polygons, each with a code and a name, read from a WGS84 GeoJSON FeatureCollection (or a GeoPackage's
/// polygon layer, <see cref="GeoPackageReader"/>): council
/// boundaries (e.g. local-authority districts), or a plan's consortia as a planner drew them (<see cref="AreaKind"/>).
/// A practice's area is the polygon containing its surgery, tested in longitude/latitude, where GeoJSON's edges are
/// straight (RFC 7946); a practice just outside every polygon (generalised coastlines put a few in the sea) takes the
/// nearest one within <see cref="NearestWithinMetres"/>, measured in British National Grid metres. Immutable and safe
/// to share between threads once built.
/// </summary>
public sealed class AreaMap
{
    /// <summary>How far outside every polygon a practice may lie and still be given the nearest area, in metres.</summary>
    public const double NearestWithinMetres = 2_000;

    /// <summary>The largest file read, in bytes.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly Geometry[] _grid;
    private readonly IndexedPointInAreaLocator[] _locators;
    private readonly STRtree<int> _wgs84Index = new();
    private readonly STRtree<int> _gridIndex = new();

    private AreaMap(string source, string[] codes, string[] names, Geometry[] wgs84)
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

    /// <summary>Area code per polygon, in file order.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>Area name per polygon (the code when the file gives none).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of areas.</summary>
    public int Count => Codes.Count;

    /// <summary>Reads a file of <paramref name="kind"/>'s polygons. Throws <see cref="InputException"/> naming the file,
    /// the feature and what to do.</summary>
    public static AreaMap ReadFile(string path, AreaKind kind)
    {
        if (!File.Exists(path)) throw new InputException(path, kind.Option, null, $"The {kind.File} does not exist. Check the path.");
        if (GeoPackageReader.IsGeoPackage(path)) return FromLayer(GeoPackageReader.ReadPolygons(path, kind.Noun), Path.GetFileName(path), kind);
        using var s = File.OpenRead(path);
        return Read(s, Path.GetFileName(path), kind);
    }

    /// <summary>Reads a WGS84 GeoJSON FeatureCollection of <paramref name="kind"/>'s polygons, each with a code in one of
    /// <see cref="AreaKind.CodeProperties"/>.</summary>
    public static AreaMap Read(Stream stream, string source, AreaKind kind)
    {
        var bytes = BoundedStream.ReadAll(stream, MaxBytes, kind.File);
        return FromLayer(FeatureLayerReader.Read(bytes.AsMemory(), source, kind.Plural), source, kind);
    }

    /// <summary>The areas of a layer already read (WGS84), each with a code in one of <see cref="AreaKind.CodeProperties"/>.</summary>
    public static AreaMap FromLayer(FeatureLayer layer, string source, AreaKind kind)
    {
        int codeAt = Find(layer, kind.CodeProperties), nameAt = Find(layer, kind.NameProperties);
        string a = kind.Noun, A = char.ToUpperInvariant(a[0]) + a[1..];
        if (codeAt < 0)
            throw new InputException(source, kind.CodeProperties[0], null, $"No feature property names the {a}. Give each polygon a code in one of: {string.Join(", ", kind.CodeProperties)}.");
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
                problems.Add(new InputProblem(where, "geometry", code, $"A {a} must be a Polygon or MultiPolygon. Remove the feature or give its outline."));
                continue;
            }
            if (code.Length == 0)
            {
                problems.Add(new InputProblem(where, layer.Fields[codeAt].Name, null, $"The {a} has no code. Give every polygon a code."));
                continue;
            }
            if (seen.ContainsKey(code))
            {
                problems.Add(new InputProblem(where, layer.Fields[codeAt].Name, code, $"{A} {code} appears twice (feature {seen[code] + 1}). Join its polygons into one MultiPolygon."));
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
        if (codes.Count == 0) throw new InputException(source, "features", null, $"The {kind.File} holds no polygons. Give one polygon per {a}.");
        return new AreaMap(source, [.. codes], [.. names], [.. polygons]);
    }

    /// <summary>Places every practice of <paramref name="practices"/> (<see cref="Locate"/>), numbering the areas in order
    /// of their first practice.</summary>
    public AreaPlacement Place(PracticeSet practices)
    {
        var number = new int[Count];
        Array.Fill(number, -1);
        var polygons = new List<int>();
        var of = new int[practices.Count];
        var off = new List<(int, bool)>();
        for (int i = 0; i < of.Length; i++)
        {
            var p = practices[i];
            int polygon = Locate(p.Longitude, p.Latitude, p.Easting, p.Northing, out bool near);
            if (polygon < 0 || near) off.Add((i, polygon >= 0));
            if (polygon < 0) { of[i] = -1; continue; }
            if (number[polygon] < 0) { number[polygon] = polygons.Count; polygons.Add(polygon); }
            of[i] = number[polygon];
        }
        return new AreaPlacement(of, polygons, off, [.. Enumerable.Range(0, Count).Where(k => number[k] < 0)]);
    }

    /// <summary>
    /// The index of the area containing the point (WGS84 degrees; the same point in British National Grid metres for
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
}
