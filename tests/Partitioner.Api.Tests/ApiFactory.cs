using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Partitioner.Api.Tests;

/// <summary>An in-process server with its own temporary database; settings override the "Partitioner" section.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ApiFactory(Dictionary<string, string?>? settings = null)
    {
        DatabasePath = TestDatabase.NewPath("test");
        _settings = new Dictionary<string, string?>
        {
            ["Partitioner:DatabasePath"] = DatabasePath,
            ["Partitioner:Workers"] = "2",
        };
        foreach (var (k, v) in settings ?? []) _settings[$"Partitioner:{k}"] = v;
    }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.UseEnvironment("Testing");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Delete(DatabasePath);
    }
}
