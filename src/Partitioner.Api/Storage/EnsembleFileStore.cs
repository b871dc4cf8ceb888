using Microsoft.Data.Sqlite;

namespace Partitioner.Api.Storage;

/// <summary>
/// The files of finished ensemble jobs (ensemble.json, plans.csv, assignments.bin, ...) in the jobs' SQLite database, one
/// row per file. The job itself lives in <see cref="JobStore"/>; files whose job has been deleted (by a user or by
/// retention) are dropped whenever files are saved, and never served because every read checks the job first.
/// </summary>
public sealed class EnsembleFileStore
{
    private readonly string _connectionString;

    public EnsembleFileStore(JobStore jobs)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = jobs.Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30, Pooling = true }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE IF NOT EXISTS ensemble_files (job_id TEXT NOT NULL, name TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (job_id, name))";
        cmd.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>Stores a job's files in one transaction, and drops the files of jobs that no longer exist.</summary>
    public void Save(string jobId, IReadOnlyDictionary<string, byte[]> files)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        foreach (var (name, content) in files)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO ensemble_files (job_id, name, content) VALUES ($id, $name, $content)";
            cmd.Parameters.AddWithValue("$id", jobId);
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$content", content);
            cmd.ExecuteNonQuery();
        }
        using (var purge = c.CreateCommand())
        {
            purge.CommandText = "DELETE FROM ensemble_files WHERE job_id NOT IN (SELECT id FROM jobs)";
            purge.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>One file of a job, or null.</summary>
    public byte[]? Get(string jobId, string name)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT content FROM ensemble_files WHERE job_id = $id AND name = $name";
        cmd.Parameters.AddWithValue("$id", jobId);
        cmd.Parameters.AddWithValue("$name", name);
        return cmd.ExecuteScalar() as byte[];
    }

    /// <summary>Deletes a job's files.</summary>
    public void Delete(string jobId)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM ensemble_files WHERE job_id = $id";
        cmd.Parameters.AddWithValue("$id", jobId);
        cmd.ExecuteNonQuery();
    }
}
