using System.Text;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Support;

/// <summary>Small inline practice sets for tests.</summary>
internal static class TestPractices
{
    public static PracticeSet FromCsv(string csv, PracticeReadOptions? options = null) =>
        PracticeReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options);

    public static InputException CsvProblems(string csv, PracticeReadOptions? options = null) =>
        Assert.Throws<InputException>(() => FromCsv(csv, options));

    /// <summary>
    /// A grid of practices in British National Grid metres around Birmingham, <paramref name="spacing"/> m apart,
    /// row-major (index = row × columns + column), with the given patients, deprivation and spend per practice.
    /// </summary>
    public static PracticeSet Grid(int rows, int columns, Func<int, double> patients, Func<int, double>? deprivation = null, Func<int, double>? spend = null, double spacing = 2_000, string? group = null, Func<int, string>? groupOf = null)
    {
        var sb = new StringBuilder("practice_code,name,easting,northing,list_size,imd_score,spend,ccg_code\n");
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int i = r * columns + c;
                double e = 400_000 + c * spacing, n = 280_000 + r * spacing;
                string dep = deprivation is null ? "20" : deprivation(i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string sp = spend is null ? (patients(i) * 150).ToString(System.Globalization.CultureInfo.InvariantCulture) : spend(i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sb.Append($"P{i:000},Practice {i},{e},{n},{patients(i).ToString(System.Globalization.CultureInfo.InvariantCulture)},{dep},{sp},{(groupOf is null ? "G" : groupOf(i))}\n");
            }
        var fields = new FieldMapping { Group = group };
        return FromCsv(sb.ToString(), new PracticeReadOptions { Fields = fields, CoordinateSystem = CoordinateSystem.BritishNationalGrid });
    }
}
