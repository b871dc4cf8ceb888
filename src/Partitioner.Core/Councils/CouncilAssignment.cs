using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Councils;

/// <summary>
/// Each practice's council: the second geography a plan should respect (local-authority districts, integrated care
/// boards), from a practice field or from council polygons. Councils are numbered in order of their first practice
/// (in practice order); a practice without one has -1. Immutable.
/// </summary>
public sealed class CouncilAssignment
{
    /// <summary>The practice fields read as a council when the request names none, in order (case-insensitive).</summary>
    public static IReadOnlyList<string> DefaultFields { get; } = ["la_code", "la_code_2014", "council_code", "council"];

    private CouncilAssignment(string source, string[] codes, string[] names, int[] councilOf, IReadOnlyList<InputWarning> warnings)
    {
        Source = source;
        Codes = codes;
        Names = names;
        CouncilOf = councilOf;
        Warnings = warnings;
    }

    /// <summary>Where the councils came from, for reports: "field la_code_2014" or "polygons councils.geojson".</summary>
    public string Source { get; }

    /// <summary>Council code per council index.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>Council name per council index (the code when only codes are known).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Council index per practice (dense practice index); -1 = not known.</summary>
    public IReadOnlyList<int> CouncilOf { get; }

    /// <summary>Number of councils holding at least one practice.</summary>
    public int Count => Codes.Count;

    /// <summary>Practices placed by the nearest polygon or left without a council, one line each.</summary>
    public IReadOnlyList<InputWarning> Warnings { get; }

    /// <summary>
    /// Councils read from the practices' field <paramref name="field"/> (a pass-through property, or the grouping field
    /// when <paramref name="groupField"/> names the same column). A practice with an empty value has no council. Throws
    /// <see cref="InputException"/> when no practice carries the field.
    /// </summary>
    public static CouncilAssignment FromField(PracticeSet practices, string field, string? groupField = null)
    {
        var values = Values(practices, field, groupField);
        if (values is null)
            throw new InputException("options", "council_field", field,
                $"No practice has a field named '{field}'. Name a column of the practices that holds each practice's council, e.g. la_code_2014.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new List<string>();
        var of = new int[practices.Count];
        int missing = 0;
        for (int i = 0; i < of.Length; i++)
        {
            var code = values[i];
            if (code.Length == 0) { of[i] = -1; missing++; continue; }
            if (!index.TryGetValue(code, out int c)) { c = codes.Count; index[code] = c; codes.Add(code); }
            of[i] = c;
        }
        var warnings = new List<InputWarning>();
        if (missing > 0)
            warnings.Add(new InputWarning($"field {field}", $"{missing:N0} practice{(missing == 1 ? " has" : "s have")} no council; they are left out of the coterminosity figures."));
        return new CouncilAssignment($"field {field}", [.. codes], [.. codes], of, warnings);
    }

    /// <summary>The council field the practices carry among <see cref="DefaultFields"/> (the first with a value), or null.</summary>
    public static string? DetectField(PracticeSet practices)
    {
        foreach (var name in DefaultFields)
            if (Values(practices, name, null) is { } values && values.Any(v => v.Length > 0)) return name;
        return null;
    }

    /// <summary>
    /// Councils from polygons: each practice's council is the polygon containing its surgery (or the nearest within
    /// <see cref="AreaMap.NearestWithinMetres"/>). Councils are numbered in order of their first practice.
    /// </summary>
    public static CouncilAssignment FromPolygons(PracticeSet practices, AreaMap map)
    {
        var placed = map.Place(practices);
        var warnings = new List<InputWarning>();
        int outside = 0, nearest = 0;
        foreach (var (i, near) in placed.Off)
        {
            var p = practices[i];
            if (!near)
            {
                if (++outside <= 20) warnings.Add(new InputWarning($"practice {p.Code}", $"lies more than {AreaMap.NearestWithinMetres / 1000:0.#} km outside every council of {map.Source}; it has no council."));
                continue;
            }
            int polygon = placed.Polygons[placed.AreaOf[i]];
            if (++nearest <= 20) warnings.Add(new InputWarning($"practice {p.Code}", $"lies outside every council of {map.Source}; it was given the nearest, {map.Names[polygon]} ({map.Codes[polygon]})."));
        }
        if (outside > 20) warnings.Add(new InputWarning(map.Source, $"… and {outside - 20:N0} more practices outside every council."));
        if (nearest > 20) warnings.Add(new InputWarning(map.Source, $"… and {nearest - 20:N0} more practices given the nearest council."));
        return new CouncilAssignment($"polygons {map.Source}", [.. placed.Polygons.Select(k => map.Codes[k])], [.. placed.Polygons.Select(k => map.Names[k])],
            placed.AreaOf, warnings);
    }

    /// <summary>Each practice's value of <paramref name="field"/> as trimmed text ("" when empty), or null when no practice has the field.</summary>
    private static string[]? Values(PracticeSet practices, string field, string? groupField)
    {
        bool fromGroup = groupField is not null && string.Equals(groupField, field, StringComparison.OrdinalIgnoreCase);
        var values = new string[practices.Count];
        bool any = false;
        for (int i = 0; i < values.Length; i++)
        {
            var p = practices[i];
            if (fromGroup) { values[i] = p.Group?.Trim() ?? ""; any = true; continue; }
            values[i] = "";
            foreach (var prop in p.Properties)
            {
                if (!string.Equals(prop.Name, field, StringComparison.OrdinalIgnoreCase)) continue;
                any = true;
                values[i] = prop.Value switch
                {
                    null => "",
                    string s => s.Trim(),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(prop.Value, CultureInfo.InvariantCulture)?.Trim() ?? "",
                };
                break;
            }
        }
        return any ? values : null;
    }
}
