using System.Reflection;
using Npgsql;

namespace Partitioner.Cluster.Storage;

/// <summary>
/// The cluster's PostgreSQL database: one pooled data source per process, and the schema (Storage/Schema.sql, the same
/// file tools/cluster/setup-postgres.sh applies). Thread-safe.
/// </summary>
public sealed class ClusterDatabase : IDisposable
{
    // Any constant: serialises concurrent schema set-ups of nodes starting together.
    private const long SchemaLockKey = 0x5041_5254_4954_494F;

    public ClusterDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Target = $"{builder.Host}:{builder.Port}/{builder.Database}";
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Host, port and database, for logs and health reports (never the password).</summary>
    public string Target { get; }

    /// <summary>The schema script, embedded in this assembly.</summary>
    public static string SchemaSql()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Partitioner.Cluster.Schema.sql")
            ?? throw new InvalidOperationException("The schema script is missing from the Partitioner.Cluster assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Creates whatever part of the schema is missing (idempotent; nodes starting at once take turns). Throws a
    /// message naming the database and the set-up script when the database cannot be reached.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        try
        {
            await using var c = await DataSource.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); SET LOCAL client_min_messages = warning;", c, tx))
                await lockCmd.ExecuteNonQueryAsync(ct);
            await using (var schema = new NpgsqlCommand(SchemaSql(), c, tx))
                await schema.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"Cluster mode cannot use the PostgreSQL database at {Target}: {e.Message}. Check Partitioner:Cluster:ConnectionString, " +
                "or create a local database with: bash tools/cluster/setup-postgres.sh start", e);
        }
    }

    /// <summary>True when the database answers.</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = DataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => DataSource.Dispose();
}
