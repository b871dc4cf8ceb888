using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Partitioner.Api.Jobs;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Storage;

/// <summary>
/// Jobs and their results in an embedded SQLite file (WAL mode), so a restart loses no submitted job and no finished
/// result. One short-lived pooled connection per call; safe to use from any thread.
/// </summary>
public sealed class JobStore : IJobStore
{
    private static readonly string JobColumns = JobRows.Columns("results");
    private readonly string _connectionString;

    public JobStore(IOptions<PartitionerApiOptions> options)
    {
        var configured = options.Value.DatabasePath;
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultPath() : configured);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30, Pooling = true }.ToString();
        Initialise();
    }

    /// <summary>The default database: partitioner.db in the user's local state folder (kept out of the repository).</summary>
    public static string DefaultPath()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(root)) root = System.IO.Path.GetTempPath();
        var dir = System.IO.Path.Combine(root, "Partitioner");
        Directory.CreateDirectory(dir);
        return System.IO.Path.Combine(dir, "partitioner.db");
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    private void Initialise()
    {
        using var c = Open();
        Execute(c, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                state TEXT NOT NULL,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                dataset TEXT,
                practices BLOB,
                options_json TEXT NOT NULL,
                group_by TEXT,
                parameters_json TEXT NOT NULL,
                practice_count INTEGER NOT NULL DEFAULT 0,
                progress_json TEXT,
                errors_json TEXT,
                summary_json TEXT,
                message TEXT,
                attempts INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, seq);
            CREATE TABLE IF NOT EXISTS results (
                job_id TEXT PRIMARY KEY,
                consortia BLOB NOT NULL,
                practices BLOB NOT NULL,
                report BLOB NOT NULL
            );
            CREATE TABLE IF NOT EXISTS level_layers (
                job_id TEXT NOT NULL,
                name TEXT NOT NULL,
                layer BLOB NOT NULL,
                PRIMARY KEY (job_id, name)
            );
            CREATE TABLE IF NOT EXISTS sweeps (
                job_id TEXT PRIMARY KEY,
                bands_json TEXT NOT NULL,
                table_json BLOB,
                table_csv BLOB
            );
            """);
        // Columns added after the first release: a database made by an older version gains them.
        AddColumn(c, "cancel_requested", "INTEGER NOT NULL DEFAULT 0");
        AddColumn(c, "crashes", "INTEGER NOT NULL DEFAULT 0");
    }

    private static void AddColumn(SqliteConnection c, string name, string definition)
    {
        using (var cmd = Command(c, "SELECT count(*) FROM pragma_table_info('jobs') WHERE name = $n", ("$n", name)))
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) return;
        Execute(c, $"ALTER TABLE jobs ADD COLUMN {name} {definition}");
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static int Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>True when the database answers.</summary>
    public bool Ping()
    {
        try
        {
            using var c = Open();
            using var cmd = Command(c, "SELECT count(*) FROM jobs");
            cmd.ExecuteScalar();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>Stores a queued job; <paramref name="sweepJson"/> makes it a sweep of those bands.</summary>
    public void Insert(string id, StoredInput input, string parametersJson, int practiceCount, string? sweepJson = null)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, """
            INSERT INTO jobs (id, seq, state, created_at, dataset, practices, options_json, group_by, parameters_json, practice_count)
            VALUES ($id, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), 'queued', $now, $dataset, $practices, $options, $group, $parameters, $count)
            """,
            ("$id", id), ("$now", Now()), ("$dataset", input.Dataset), ("$practices", input.Practices), ("$options", input.OptionsJson),
            ("$group", input.GroupBy), ("$parameters", parametersJson), ("$count", practiceCount));
        if (sweepJson is not null) Execute(c, "INSERT INTO sweeps (job_id, bands_json) VALUES ($id, $bands)", ("$id", id), ("$bands", sweepJson));
        tx.Commit();
    }

    /// <summary>The bands of a sweep job, or null when the job is not a sweep.</summary>
    public string? GetSweepBands(string id)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT bands_json FROM sweeps WHERE job_id = $id", ("$id", id));
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Stores a sweep's table (JSON and CSV).</summary>
    public void SaveSweepTable(string id, byte[] json, byte[] csv)
    {
        using var c = Open();
        Execute(c, "UPDATE sweeps SET table_json = $j, table_csv = $c WHERE job_id = $id", ("$id", id), ("$j", json), ("$c", csv));
    }

    /// <summary>A sweep's table as "json" or "csv"; null when there is none.</summary>
    public byte[]? GetSweepTable(string id, string format)
    {
        var column = format switch { "json" => "table_json", "csv" => "table_csv", _ => throw new ArgumentOutOfRangeException(nameof(format)) };
        using var c = Open();
        using var cmd = Command(c, $"SELECT {column} FROM sweeps WHERE job_id = $id", ("$id", id));
        return cmd.ExecuteScalar() as byte[];
    }

    public JobRecord? Get(string id)
    {
        using var c = Open();
        using var cmd = Command(c, $"SELECT {JobColumns} FROM jobs j WHERE j.id = $id", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? JobRows.Read(r) : null;
    }

    public StoredInput? GetInput(string id)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT dataset, practices, options_json, group_by FROM jobs WHERE id = $id", ("$id", id));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredInput(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : (byte[])r.GetValue(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));
    }

    /// <summary>Marks a queued job running; false if it is no longer queued (cancelled, deleted) or a cancel was asked for.</summary>
    public bool TryStart(string id)
    {
        using var c = Open();
        return Execute(c, "UPDATE jobs SET state = 'running', started_at = $now, attempts = attempts + 1, progress_json = NULL WHERE id = $id AND state = 'queued' AND cancel_requested = 0",
            ("$id", id), ("$now", Now())) == 1;
    }

    /// <summary>
    /// Records a user's cancel of a running job before the solve is told, so it holds even if the process dies before the
    /// job stops (it is then ended as cancelled at the next start, not run again). False when the job is not running.
    /// </summary>
    public bool RequestCancel(string id)
    {
        using var c = Open();
        return Execute(c, "UPDATE jobs SET cancel_requested = 1 WHERE id = $id AND state = 'running'", ("$id", id)) == 1;
    }

    public void SaveProgress(string id, string progressJson)
    {
        using var c = Open();
        Execute(c, "UPDATE jobs SET progress_json = $p WHERE id = $id AND state = 'running'", ("$id", id), ("$p", progressJson));
    }

    /// <summary>Records a job's end and, when it produced a plan, its result documents, in one transaction.</summary>
    public void Finish(string id, JobState state, string? message, string? errorsJson, string? summaryJson, string? progressJson, PlanOutputs? outputs)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, """
            UPDATE jobs SET state = $state, finished_at = $now, message = $message, errors_json = $errors, summary_json = $summary,
                            progress_json = coalesce($progress, progress_json)
            WHERE id = $id
            """,
            ("$id", id), ("$state", state.Name()), ("$now", Now()), ("$message", message), ("$errors", errorsJson), ("$summary", summaryJson), ("$progress", progressJson));
        if (outputs is not null)
        {
            Execute(c, "INSERT OR REPLACE INTO results (job_id, consortia, practices, report) VALUES ($id, $c, $p, $r)",
                ("$id", id), ("$c", outputs.Consortia), ("$p", outputs.Practices), ("$r", outputs.Report));
            foreach (var (name, layer) in outputs.Levels)
                Execute(c, "INSERT OR REPLACE INTO level_layers (job_id, name, layer) VALUES ($id, $n, $l)", ("$id", id), ("$n", name), ("$l", layer));
        }
        tx.Commit();
    }

    /// <summary>Puts an interrupted running job back in the queue (shutdown): it runs again after a restart.</summary>
    public void Requeue(string id)
    {
        using var c = Open();
        Execute(c, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE id = $id AND state = 'running'", ("$id", id));
    }

    /// <summary>Cancels a job that has not started; false if it is not queued.</summary>
    public bool CancelQueued(string id, string message)
    {
        using var c = Open();
        return Execute(c, "UPDATE jobs SET state = 'cancelled', finished_at = $now, message = $m WHERE id = $id AND state = 'queued'",
            ("$id", id), ("$now", Now()), ("$m", message)) == 1;
    }

    public bool Delete(string id)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, "DELETE FROM results WHERE job_id = $id", ("$id", id));
        Execute(c, "DELETE FROM level_layers WHERE job_id = $id", ("$id", id));
        Execute(c, "DELETE FROM sweeps WHERE job_id = $id", ("$id", id));
        int n = Execute(c, "DELETE FROM jobs WHERE id = $id", ("$id", id));
        tx.Commit();
        return n == 1;
    }

    /// <summary>One result document: "consortia", "practices" or "report", or a level layer ("localities",
    /// "federations", "agencies"); null when there is none.</summary>
    public byte[]? GetResult(string id, string document)
    {
        if (document is "localities" or "federations" or "agencies")
        {
            using var lc = Open();
            using var lcmd = Command(lc, "SELECT layer FROM level_layers WHERE job_id = $id AND name = $n", ("$id", id), ("$n", document));
            return lcmd.ExecuteScalar() as byte[];
        }
        var column = document switch { "consortia" => "consortia", "practices" => "practices", "report" => "report", _ => throw new ArgumentOutOfRangeException(nameof(document)) };
        using var c = Open();
        using var cmd = Command(c, $"SELECT {column} FROM results WHERE job_id = $id", ("$id", id));
        return cmd.ExecuteScalar() as byte[];
    }

    /// <summary>Ids of succeeded jobs that have results, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> SucceededWithResults(int limit)
    {
        using var c = Open();
        using var cmd = Command(c, "SELECT j.id FROM jobs j JOIN results r ON r.job_id = j.id WHERE j.state = 'succeeded' ORDER BY j.seq DESC LIMIT $n", ("$n", limit));
        using var r = cmd.ExecuteReader();
        var ids = new List<string>();
        while (r.Read()) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>
    /// Jobs to run after a start, in submission order. A job still marked running was interrupted by the process
    /// stopping without a shutdown (a crash, kill -9, out of memory): one whose cancel had been asked for ends as
    /// cancelled; one interrupted <paramref name="maxCrashes"/> times fails, so a job that takes the process down is not
    /// run again for ever; the rest are put back in the queue first.
    /// </summary>
    public IReadOnlyList<string> Recover(int maxCrashes = int.MaxValue)
    {
        using var c = Open();
        using (var tx = c.BeginTransaction())
        {
            Execute(c, """
                UPDATE jobs SET state = 'cancelled', finished_at = $now, message = 'Cancelled at the user''s request (the service stopped before the solve did).'
                WHERE state = 'running' AND cancel_requested = 1
                """, ("$now", Now()));
            Execute(c, "UPDATE jobs SET crashes = crashes + 1 WHERE state = 'running'");
            Execute(c, """
                UPDATE jobs SET state = 'failed', finished_at = $now, errors_json = '[]',
                    message = 'The service stopped unexpectedly ' || crashes || ' times while running this job (' || attempts || ' attempts), so it is not run again. ' ||
                              'It may need more memory or time than this service has: check its size and options, or give the operator the job id.'
                WHERE state = 'running' AND crashes >= $max
                """, ("$now", Now()), ("$max", maxCrashes));
            Execute(c, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE state = 'running'");
            tx.Commit();
        }
        using var cmd = Command(c, "SELECT id FROM jobs WHERE state = 'queued' ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var ids = new List<string>();
        while (r.Read()) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Deletes finished jobs (and results) that finished before <paramref name="before"/>; returns how many.</summary>
    public int DeleteFinishedBefore(DateTimeOffset before)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var cutoff = before.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        Execute(c, "DELETE FROM results WHERE job_id IN (SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $t)", ("$t", cutoff));
        Execute(c, "DELETE FROM level_layers WHERE job_id IN (SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $t)", ("$t", cutoff));
        Execute(c, "DELETE FROM sweeps WHERE job_id IN (SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $t)", ("$t", cutoff));
        int n = Execute(c, "DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $t", ("$t", cutoff));
        tx.Commit();
        return n;
    }
}
