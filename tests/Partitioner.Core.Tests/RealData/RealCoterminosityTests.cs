using Partitioner.Core.Councils;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.RealData;

/// <summary>The coterminosity figures of the real 2013 CCGs with the councils of the 2014/15 practice file, against an independent count.</summary>
[Trait("Category", "RealData")]
public sealed class RealCoterminosityTests
{
    [RealDataFact]
    public void The_2013_ccgs_coterminosity_with_la_code_2014_equals_an_independent_count()
    {
        var set = PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var councils = CouncilAssignment.FromField(set, "la_code_2014");
        var evaluation = PlanEvaluator.Evaluate(PracticeGeography.Build(set), Plan.FromGroups(set, "ccg_code"), new ConsortiumRules(), withPolygons: false, councils: councils);
        var c = evaluation.Summary.Coterminosity!;

        // The count from the file itself: rows with patients, their CCG and council, tallied with plain dictionaries.
        var rows = Csv(Support.RealData.Practices2014)
            .Select(r => (Ccg: r["ccg_code"], Council: r["la_code_2014"], Patients: double.Parse(r["list_size"], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(r => r.Patients > 0).ToList();
        var known = rows.Where(r => r.Council.Length > 0).ToList();
        var ccgsOfCouncil = known.GroupBy(r => r.Council).ToDictionary(g => g.Key, g => g.Select(r => r.Ccg).Distinct().Count());
        var councilsOfCcg = known.GroupBy(r => r.Ccg).ToDictionary(g => g.Key, g => g.Select(r => r.Council).Distinct().ToList());
        int split = ccgsOfCouncil.Count(kv => kv.Value > 1);
        int pieces = ccgsOfCouncil.Values.Where(v => v > 1).Sum();
        double whole = known.Where(r => ccgsOfCouncil[r.Council] == 1).Sum(r => r.Patients) / known.Sum(r => r.Patients);
        int nested = councilsOfCcg.Count(kv => kv.Value.Count == 1);
        int unions = councilsOfCcg.Count(kv => kv.Value.All(council => ccgsOfCouncil[council] == 1));

        Assert.Equal(ccgsOfCouncil.Count, c.Councils);
        Assert.Equal(326, c.Councils);
        Assert.Equal(split, c.CouncilsSplit);
        Assert.Equal(pieces, c.SplitCouncilPieces);
        Assert.Equal(whole, c.PatientsInWholeCouncils, 9);
        Assert.Equal(nested, c.ConsortiaNested);
        Assert.Equal(unions, c.ConsortiaOfWholeCouncils);
        Assert.Equal(rows.Count - known.Count, c.PracticesWithoutCouncil);
        foreach (var m in evaluation.Consortia)
            Assert.Equal(councilsOfCcg.TryGetValue(m.Name, out var list) ? list.Count : 0, m.Councils!.Councils);
    }

    /// <summary>Rows of a CSV file with a header, as column → value; quoted fields may hold commas.</summary>
    private static IEnumerable<Dictionary<string, string>> Csv(string path)
    {
        using var reader = new StreamReader(path);
        var header = Split(reader.ReadLine()!);
        while (reader.ReadLine() is { } line)
        {
            var fields = Split(line);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++) row[header[i]] = i < fields.Count ? fields[i].Trim() : "";
            yield return row;
        }
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
