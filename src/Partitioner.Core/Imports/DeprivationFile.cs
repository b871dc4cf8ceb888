using System.Globalization;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>Reads practice-level IMD scores as published on Fingertips (<c>AreaCode</c>, <c>Year</c>, <c>Value</c>), one vintage.</summary>
internal static class DeprivationFile
{
    public static Dictionary<string, double> Read(string path, int? year, List<InputProblem> problems)
    {
        var byYear = new Dictionary<int, Dictionary<string, double>>();
        int code = -1, yearAt = -1, value = -1;
        SourceTable.Read(path, "IMD by practice", t =>
        {
            code = t.Require("practice code", "AreaCode", "practice_code", "code");
            yearAt = t.Find("Year", "TimePeriod");
            value = t.Require("IMD score", "Value", "imd_score");
        }, r =>
        {
            int y = 0;
            if (yearAt >= 0 && !int.TryParse(r.Text(yearAt).AsSpan(0, Math.Min(4, r.Text(yearAt).Length)), NumberStyles.None, CultureInfo.InvariantCulture, out y))
            {
                problems.Add(new InputProblem(r.Where, "Year", r.Text(yearAt), "The year is not a number such as 2015."));
                return;
            }
            if (year is { } wanted && y != wanted && yearAt >= 0) return;
            double v = r.Number(value, problems);
            string c = r.Text(code);
            if (c.Length == 0 || double.IsNaN(v)) return;
            if (!byYear.TryGetValue(y, out var scores)) byYear[y] = scores = new Dictionary<string, double>(StringComparer.Ordinal);
            scores.TryAdd(c, v);
        });
        if (byYear.Count == 0)
        {
            problems.Add(new InputProblem(Path.GetFileName(path), "Year", year?.ToString(CultureInfo.InvariantCulture), year is null
                ? "The IMD file has no scores."
                : "The IMD file has no scores for this year. Choose a year it holds (e.g. 2010, 2015 or 2019)."));
            return [];
        }
        return byYear[byYear.Keys.Max()];
    }
}
