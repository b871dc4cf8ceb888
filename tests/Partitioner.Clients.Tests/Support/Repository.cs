using System.Reflection;

namespace Partitioner.Clients.Tests.Support;

/// <summary>Paths inside the repository (examples/, data/), wherever the test output was built.</summary>
public static class Repository
{
    /// <summary>The folder holding Partitioner.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        // Recorded at build time (see the .csproj); the walk-ups cover a moved checkout.
        var recorded = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        foreach (var start in new[] { recorded, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Partitioner.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"Partitioner.sln not found above '{recorded}', '{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'.");
    }
}
