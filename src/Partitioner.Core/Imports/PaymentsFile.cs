using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>Reads NHS Digital's "NHS Payments to General Practice" practice-level CSV (2014/15 to 2021/22 headings).</summary>
internal static class PaymentsFile
{
    /// <summary>One practice's row.</summary>
    public sealed record Row(string Where, string Code, string Name, string Postcode, string Group, DateOnly? Closed, double Patients, double Weighted, double Spend);

    public static List<Row> Read(string path, List<InputProblem> problems)
    {
        var rows = new List<Row>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        int code = -1, name = -1, postcode = -1, group = -1, closed = -1, patients = -1, weighted = -1, spend = -1;
        SourceTable.Read(path, "NHS Payments to General Practice", t =>
        {
            code = t.Require("practice code", "Practice Code", "practice_code", "code");
            name = t.Find("Practice Name", "name");
            postcode = t.Require("practice postcode", "Practice Postcode", "postcode");
            group = t.Find("CCG Code", "ccg_code", "Sub ICB Location Code");
            closed = t.Find("Practice Close Date", "close_date");
            patients = t.Require("registered patients", "Number of Registered Patients (Last Known Figure)", "Number of Registered Patients", "list_size");
            weighted = t.Find("Number of Weighted Patients (Last Known Figure)", "Number of Weighted Patients", "weighted_list_size");
            spend = t.Require("total payments", "Total NHS Payments to General Practice", "spend");
        }, r =>
        {
            string c = r.Text(code);
            if (c.Length == 0)
            {
                problems.Add(new InputProblem(r.Where, "Practice Code", null, "The practice code is missing. Every row of the payments file needs one."));
                return;
            }
            if (seen.TryGetValue(c, out var first))
            {
                problems.Add(new InputProblem(r.Where, "Practice Code", c, $"The practice appears twice (first at {first}). Give one row per practice."));
                return;
            }
            seen[c] = r.Where;
            double list = r.Number(patients, problems);
            rows.Add(new Row(r.Where, c, r.Text(name), r.Text(postcode), r.Text(group), r.Date(closed, problems),
                double.IsNaN(list) ? 0 : list, weighted < 0 ? double.NaN : r.Number(weighted, problems), r.Number(spend, problems)));
        });
        if (rows.Count == 0 && problems.Count == 0)
            problems.Add(new InputProblem(Path.GetFileName(path), "(rows)", null, "The payments file has no practices."));
        return rows;
    }
}
