using Partitioner.Core.Plans;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>Given upper levels of an existing map: from a practice property (e.g. <c>icb_code_2022</c>) or from a
/// unit → group table (e.g. CCG code → ICB code).</summary>
public static class LevelMaps
{
    /// <summary>The plan given by each practice's property <paramref name="field"/> (groups named by its values).</summary>
    public static Plan FromProperty(PracticeSet practices, string field)
    {
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var of = new int[practices.Count];
        var problems = new List<InputProblem>();
        for (int i = 0; i < practices.Count; i++)
        {
            string? value = null;
            foreach (var p in practices[i].Properties)
                if (string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase)) { value = p.Value switch { null => null, double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), var v => v.ToString()?.Trim() }; break; }
            if (string.IsNullOrEmpty(value))
            {
                problems.Add(new InputProblem($"practice {practices[i].Code}", field, null, $"The practice has no value in '{field}'. Give every practice one, or use a mapping of consortia to groups."));
                continue;
            }
            if (!index.TryGetValue(value, out int g)) { index[value] = g = names.Count; names.Add(value); }
            of[i] = g;
        }
        if (problems.Count > 0) throw new InputException(problems);
        return new Plan(names, of);
    }

    /// <summary>
    /// The plan putting every practice in the group its unit of <paramref name="lower"/> maps to. Every unit must be
    /// mapped; entries for units the plan does not have are ignored (a national table used for part of the country).
    /// </summary>
    public static Plan FromUnitMapping(Plan lower, IReadOnlyList<KeyValuePair<string, string>> unitToGroup, string source)
    {
        var groupOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<InputProblem>();
        for (int k = 0; k < unitToGroup.Count; k++)
        {
            var (unit, group) = (unitToGroup[k].Key.Trim(), unitToGroup[k].Value.Trim());
            if (unit.Length == 0 || group.Length == 0) { problems.Add(new InputProblem($"{source} entry {k + 1}", "consortium", unit, "Each row needs a consortium and a group.")); continue; }
            if (groupOf.TryGetValue(unit, out var before) && before != group)
                problems.Add(new InputProblem($"{source} entry {k + 1}", "consortium", unit, $"The consortium is mapped to both '{before}' and '{group}'. Give it one group."));
            groupOf[unit] = group;
        }
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var unitGroup = new int[lower.Count];
        for (int u = 0; u < lower.Count; u++)
        {
            if (!groupOf.TryGetValue(lower.ConsortiumNames[u], out var group))
            {
                problems.Add(new InputProblem(source, "consortium", lower.ConsortiumNames[u], "This consortium of the plan is not in the mapping. Add a row for it."));
                continue;
            }
            if (!index.TryGetValue(group, out int g)) { index[group] = g = names.Count; names.Add(group); }
            unitGroup[u] = g;
        }
        if (problems.Count > 0) throw new InputException(problems);
        var of = new int[lower.ConsortiumOf.Length];
        for (int i = 0; i < of.Length; i++) of[i] = unitGroup[lower.ConsortiumOf[i]];
        return new Plan(names, of);
    }
}
