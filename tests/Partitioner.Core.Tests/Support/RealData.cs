using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Support;

/// <summary>
/// The real England data in the shared folder beside the repository (../shared/data/real). It is not part
/// of the project: a clone without it skips the tests that need it, saying why; CI always has it.
/// </summary>
internal static class RealData
{
    public static string? Folder { get; } = Find();

    public static bool Available => Folder is not null;

    public static string Practices2014 => Path.Combine(Folder!, "practices", "gp_practices_england_2014_15.csv");

    /// <summary>The 2014/15 practices whose column <paramref name="field"/> (read as the group) is <paramref name="code"/>,
    /// in the file's order (by practice code), e.g. one CCG or one NHS England area team.</summary>
    public static PracticeSet Practices2014Where(string field, string code)
    {
        var all = PracticeReader.ReadFile(Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = field } });
        return all.With([.. all.Practices.Where(p => p.Group == code)], []);
    }

    public static string Practices2021 => Path.Combine(Folder!, "practices", "gp_practices_england_2021_22.csv");

    /// <summary>The open 2021/22 practices with patients (no close date, list size above 0) whose column
    /// <paramref name="field"/> is <paramref name="code"/>, in the file's order: the areas of the exact benchmark's
    /// <c>--ccgs-2021</c>.</summary>
    public static PracticeSet OpenPractices2021Where(string field, string code)
    {
        var all = PracticeReader.ReadFile(Practices2021, new PracticeReadOptions { Fields = new FieldMapping { Group = field }, GroupOptional = true });
        bool Open(Practice p) => string.IsNullOrEmpty(p.Properties.FirstOrDefault(q => q.Name == "close_date").Value?.ToString());
        return all.With([.. all.Practices.Where(p => p.Group == code && p.Patients > 0 && Open(p))], []);
    }

    public static string CcgBoundaries2013 => Path.Combine(Folder!, "boundaries", "ccg_boundaries_2013_generalised.geojson");

    public static string CcgSummary2014 => Path.Combine(Folder!, "practices", "ccg_summary_2014_15.csv");

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        // The build records where the repository is; test output may live outside it (--artifacts-path).
        var recorded = typeof(RealData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Partitioner.sln"))) return recorded;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Partitioner.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Could not find Partitioner.sln above the test folder.");
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PARTITIONER_REAL_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        var candidate = Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "data", "real"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that needs the real data: skipped (with the reason) only where the data is absent and this is not CI.</summary>
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (!RealData.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "The real data folder ../shared/data/real is not beside this clone (set PARTITIONER_REAL_DATA to its path to run this test).";
    }
}

/// <summary>A theory that needs the real data: skipped (with the reason) only where the data is absent and this is not CI.</summary>
internal sealed class RealDataTheoryAttribute : TheoryAttribute
{
    public RealDataTheoryAttribute()
    {
        if (!RealData.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "The real data folder ../shared/data/real is not beside this clone (set PARTITIONER_REAL_DATA to its path to run this test).";
    }
}
