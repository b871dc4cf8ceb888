using System.Globalization;
using Partitioner.Core.Files;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Plans;

/// <summary>
/// An assignment of every practice of a <see cref="PracticeSet"/> to one consortium:
/// <see cref="ConsortiumOf"/>[practice index] is an index into <see cref="ConsortiumNames"/>.
/// </summary>
public sealed class Plan
{
    public Plan(IReadOnlyList<string> consortiumNames, int[] consortiumOf)
    {
        ConsortiumNames = consortiumNames;
        ConsortiumOf = consortiumOf;
        foreach (int c in consortiumOf)
            if ((uint)c >= (uint)consortiumNames.Count)
                throw new ArgumentException($"Consortium index {c} is outside 0..{consortiumNames.Count - 1}.", nameof(consortiumOf));
    }

    /// <summary>Consortium names, index = consortium index.</summary>
    public IReadOnlyList<string> ConsortiumNames { get; }

    /// <summary>Consortium index of each practice.</summary>
    public int[] ConsortiumOf { get; }

    /// <summary>Number of consortia.</summary>
    public int Count => ConsortiumNames.Count;

    /// <summary>The plan as practice code → consortium pairs for <paramref name="practices"/> (the set it was made for),
    /// so it applies to another set of the same practices whatever its order (<see cref="FromMapping"/>).</summary>
    public List<KeyValuePair<string, string>> Pairs(PracticeSet practices) =>
        [.. Enumerable.Range(0, practices.Count).Select(i => new KeyValuePair<string, string>(practices[i].Code, ConsortiumNames[ConsortiumOf[i]]))];

    /// <summary>The plan given by each practice's grouping field (consortia named by its values, in order of first appearance).</summary>
    public static Plan FromGroups(PracticeSet practices, string groupField)
    {
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var of = new int[practices.Count];
        var problems = new List<InputProblem>();
        for (int i = 0; i < practices.Count; i++)
        {
            var g = practices[i].Group;
            if (string.IsNullOrEmpty(g))
            {
                problems.Add(new InputProblem($"practice {practices[i].Code}", groupField, null, "The practice has no consortium in the grouping field. Give every practice one."));
                continue;
            }
            if (!index.TryGetValue(g, out int c))
            {
                c = names.Count;
                index[g] = c;
                names.Add(g);
            }
            of[i] = c;
        }
        if (problems.Count > 0) throw new InputException(problems);
        return new Plan(names, of);
    }

    /// <summary>The plan given by a practice code → consortium name mapping; every practice must be mapped, and every mapped code must exist.</summary>
    public static Plan FromMapping(PracticeSet practices, IReadOnlyList<KeyValuePair<string, string>> mapping, string source = "mapping")
    {
        var problems = new List<InputProblem>();
        var consortiumOfCode = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int k = 0; k < mapping.Count; k++)
        {
            var (code, name) = (mapping[k].Key.Trim(), mapping[k].Value.Trim());
            string where = $"{source} entry {k + 1}";
            if (code.Length == 0) { problems.Add(new InputProblem(where, "practice_code", null, "The practice code is empty.")); continue; }
            if (name.Length == 0) { problems.Add(new InputProblem(where, "consortium", null, $"Practice {code} has no consortium name.")); continue; }
            if (practices.IndexOf(code) < 0)
            {
                problems.Add(new InputProblem(where, "practice_code", code, "No practice with this code is in the practices input (or it has 0 patients). Check the code."));
                continue;
            }
            if (!consortiumOfCode.TryAdd(code, name) && consortiumOfCode[code] != name)
                problems.Add(new InputProblem(where, "practice_code", code, $"The practice is mapped twice, to '{consortiumOfCode[code]}' and to '{name}'. Give it one consortium."));
        }
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var of = new int[practices.Count];
        for (int i = 0; i < practices.Count; i++)
        {
            if (!consortiumOfCode.TryGetValue(practices[i].Code, out var name))
            {
                problems.Add(new InputProblem($"practice {practices[i].Code}", "consortium", null, $"The practice is not in the {source}. Every practice must be in one consortium."));
                continue;
            }
            if (!index.TryGetValue(name, out int c))
            {
                c = names.Count;
                index[name] = c;
                names.Add(name);
            }
            of[i] = c;
        }
        if (problems.Count > 0) throw new InputException(problems);
        return new Plan(names, of);
    }

    /// <summary>
    /// The plan drawn as consortium polygons (<see cref="AreaKind.Consortium"/>): each practice is in the consortium
    /// whose polygon holds its surgery, or, within <see cref="AreaMap.NearestWithinMetres"/> outside every polygon, the
    /// nearest (a warning names it). A practice farther out, or a polygon that holds no practice, is named in the
    /// problems or warnings; consortia are named by the polygons' codes.
    /// </summary>
    public static Plan FromAreas(PracticeSet practices, AreaMap map, out IReadOnlyList<InputWarning> warnings)
    {
        var placed = map.Place(practices);
        var problems = new List<InputProblem>();
        var notes = new List<InputWarning>();
        int nearest = 0;
        double km = AreaMap.NearestWithinMetres / 1000;
        foreach (var (i, near) in placed.Off)
        {
            var p = practices[i];
            if (!near)
                problems.Add(new InputProblem($"practice {p.Code}", "consortium", null, string.Create(CultureInfo.InvariantCulture,
                    $"The surgery lies more than {km:0.#} km outside every consortium of {map.Source}. Draw a consortium around it, or widen the nearest one.")));
            else if (++nearest <= 20)
                notes.Add(new InputWarning($"practice {p.Code}", string.Create(CultureInfo.InvariantCulture,
                    $"lies outside every consortium of {map.Source}, within {km:0.#} km; it was put in the nearest, {map.Codes[placed.Polygons[placed.AreaOf[i]]]}.")));
        }
        if (problems.Count > 0) throw new InputException(problems);
        if (nearest > 20) notes.Add(new InputWarning(map.Source, string.Create(CultureInfo.InvariantCulture, $"… and {nearest - 20:N0} more practices put in the nearest consortium.")));
        foreach (int k in placed.Unused) notes.Add(new InputWarning($"{map.Source} consortium {map.Codes[k]}", "holds no practice's surgery; it is not in the plan."));
        warnings = notes;
        return new Plan([.. placed.Polygons.Select(k => map.Codes[k])], placed.AreaOf);
    }

    /// <summary>
    /// The plan in a proposal file: consortium polygons (a GeoJSON FeatureCollection or a GeoPackage layer,
    /// <see cref="FromAreas"/>) or a mapping CSV (<see cref="MappingReader"/>, <see cref="FromMapping"/>), told apart by
    /// their first bytes.
    /// </summary>
    public static Plan FromFile(PracticeSet practices, string path, out IReadOnlyList<InputWarning> warnings)
    {
        if (!File.Exists(path)) throw new InputException(path, "(file)", null, "The mapping file does not exist. Check the path.");
        string name = Path.GetFileName(path);
        var kind = AreaKind.Consortium;
        using var stream = File.OpenRead(path);
        var start = new byte[64 * 1024];
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (GeoPackageReader.IsGeoPackage(start.AsSpan(0, read)))
            return FromAreas(practices, AreaMap.FromLayer(GeoPackageReader.ReadPolygons(path, kind.Noun), name, kind), out warnings);
        if (TextStart.FirstByte(start.AsSpan(0, read)) == '{') return FromAreas(practices, AreaMap.Read(stream, name, kind), out warnings);
        warnings = [];
        return FromMapping(practices, MappingReader.Read(stream, path), name);
    }
}
