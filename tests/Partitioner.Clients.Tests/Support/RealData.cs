namespace Partitioner.Clients.Tests.Support;

/// <summary>The real England data beside the repository (../shared/data/real, or PARTITIONER_REAL_DATA); CI always has it.</summary>
internal static class RealData
{
    public static string? Folder { get; } = Find();

    public static string Practices2014 => Path.Combine(Folder!, "practices", "gp_practices_england_2014_15.csv");

    /// <summary>The largest list size in the 2014/15 practices file, read straight from its list_size column.</summary>
    public static double LargestListSize2014()
    {
        using var reader = new StreamReader(Practices2014);
        var header = SplitCsv(reader.ReadLine()!);
        int column = Array.IndexOf(header, "list_size");
        double largest = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = SplitCsv(line);
            if (double.TryParse(cells[column], System.Globalization.CultureInfo.InvariantCulture, out var size)) largest = Math.Max(largest, size);
        }
        return largest;
    }

    /// <summary>One CSV line's cells; quoted cells may hold commas and doubled quotes.</summary>
    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PARTITIONER_REAL_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        var candidate = Path.GetFullPath(Path.Combine(Repository.Path(".."), "shared", "data", "real"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that needs the real data: skipped (with the reason) only where it is absent and this is not CI.</summary>
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (RealData.Folder is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "The real data folder ../shared/data/real is not beside this clone (set PARTITIONER_REAL_DATA to its path to run this test).";
    }
}
