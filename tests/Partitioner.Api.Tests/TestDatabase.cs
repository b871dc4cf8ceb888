namespace Partitioner.Api.Tests;

/// <summary>Temporary SQLite job databases for tests: a fresh path, and removal with the WAL side files.</summary>
internal static class TestDatabase
{
    /// <summary>A new path in the temp folder, named after what the test is for.</summary>
    public static string NewPath(string purpose) => Path.Combine(Path.GetTempPath(), $"partitioner-{purpose}-{Guid.NewGuid():N}.db");

    /// <summary>Deletes the database and its -wal and -shm files, ignoring files that are gone or still held.</summary>
    public static void Delete(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(path + suffix); } catch (IOException) { }
    }
}
