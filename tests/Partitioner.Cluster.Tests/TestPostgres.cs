using Npgsql;

namespace Partitioner.Cluster.Tests;

/// <summary>The PostgreSQL server of the cluster tests, and a fresh database on it for each test.</summary>
public static class TestPostgres
{
    public const string Variable = "PARTITIONER_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database with the cluster schema; dispose to drop it.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var server = ConnectionString ?? throw new InvalidOperationException(
            $"{Variable} is not set, and in CI the cluster tests must run: tools/test.sh starts PostgreSQL and sets it (is the postgresql package installed?).");
        var name = "cluster_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        using (var database = new Storage.ClusterDatabase(connection))
            await database.EnsureSchemaAsync(CancellationToken.None);
        return new TestDatabase(server, name, connection);
    }
}
