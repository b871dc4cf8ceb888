namespace Partitioner.Clients.Tests.Support;

/// <summary>The real England data beside the repository (../shared/data/real, or PARTITIONER_REAL_DATA); CI always has it.</summary>
internal static class RealData
{
    public static string? Folder { get; } = Find();

    public static string Practices2014 => Path.Combine(Folder!, "practices", "gp_practices_england_2014_15.csv");

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
