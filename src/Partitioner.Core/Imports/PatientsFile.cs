using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>Reads NHS Digital's "Patients Registered at a GP Practice" totals: one number per practice (the ALL/ALL rows when sex and age are broken down).</summary>
internal static class PatientsFile
{
    public static Dictionary<string, double> Read(string path, List<InputProblem> problems)
    {
        var list = new Dictionary<string, double>(StringComparer.Ordinal);
        int code = -1, number = -1, sex = -1, age = -1;
        SourceTable.Read(path, "registered patients", t =>
        {
            code = t.Require("practice code", "CODE", "PRACTICE_CODE", "ORG_CODE", "practice_code");
            number = t.Require("number of patients", "NUMBER_OF_PATIENTS", "list_size", "patients");
            sex = t.Find("SEX");
            age = t.Find("AGE");
        }, r =>
        {
            if (sex >= 0 && !r.Text(sex).Equals("ALL", StringComparison.OrdinalIgnoreCase)) return;
            if (age >= 0 && !r.Text(age).Equals("ALL", StringComparison.OrdinalIgnoreCase)) return;
            string c = r.Text(code);
            double n = r.Number(number, problems);
            if (c.Length == 0 || double.IsNaN(n)) return;
            if (!list.TryAdd(c, n))
                problems.Add(new InputProblem(r.Where, "CODE", c, "The practice appears twice in the registered-patients totals. Give one total per practice."));
        });
        return list;
    }
}
