using Npgsql;
using NpgsqlTypes;

namespace Partitioner.Cluster.Storage;

/// <summary>
/// Jobs and their results in PostgreSQL, shared by every node: any API node reads any job, whichever silo ran it.
/// Admission to the queue is serialised by an advisory lock, so the queue's bound holds across API nodes.
/// </summary>
public sealed class ClusterJobStore(ClusterDatabase database)
{
    private const long AdmissionLockKey = 0x5041_5254_4A4F_4253;
    private readonly NpgsqlDataSource _db = database.DataSource;

    private static readonly string JobColumns = JobRows.Columns("partitioner_results");

    /// <summary>
    /// Stores a job and its work items (all queued) unless <paramref name="capacity"/> jobs are already waiting
    /// cluster-wide; false when the queue is full.
    /// </summary>
    public async Task<bool> TryInsertAsync(NewJob job, int capacity, CancellationToken ct)
    {
        await using var c = await _db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await Command(c, tx, $"SELECT pg_advisory_xact_lock({AdmissionLockKey})").ExecuteNonQueryAsync(ct);
        var waiting = (long)(await Command(c, tx, "SELECT count(*) FROM partitioner_jobs WHERE state = 'queued'").ExecuteScalarAsync(ct))!;
        if (waiting >= capacity) return false;
        await Command(c, tx, """
            INSERT INTO partitioner_jobs (id, kind, state, dataset, practices, options_json, group_by, parameters_json, practice_count, item_count, spec_json)
            VALUES (@id, @kind, 'queued', @dataset, @practices, @options, @group, @parameters, @count, @items, @spec)
            """,
            ("id", job.Id), ("kind", job.Kind), ("dataset", job.Dataset), ("practices", job.Practices), ("options", job.OptionsJson),
            ("group", job.GroupBy), ("parameters", job.ParametersJson), ("count", job.PracticeCount), ("items", job.ItemCount), ("spec", job.SpecJson)).ExecuteNonQueryAsync(ct);
        await Command(c, tx, """
            INSERT INTO partitioner_work_items (job_id, item, job_seq, state)
            SELECT j.id, i, j.seq, 'queued' FROM partitioner_jobs j, generate_series(0, j.item_count - 1) i WHERE j.id = @id
            """, ("id", job.Id)).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<JobRecord?> GetAsync(string id, CancellationToken ct)
    {
        await using var cmd = Command($"SELECT {JobColumns} FROM partitioner_jobs j WHERE j.id = @id", ("id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? JobRows.Read(r) : null;
    }

    public async Task<JobInput?> InputAsync(string id, CancellationToken ct)
    {
        await using var cmd = Command("SELECT kind, dataset, practices, options_json, group_by, spec_json FROM partitioner_jobs WHERE id = @id", ("id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new JobInput(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : (byte[])r[2], r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5));
    }

    /// <summary>The job's kind of work as stored when it was submitted, or null when there is no such job.</summary>
    public async Task<string?> KindAsync(string id, CancellationToken ct)
    {
        await using var cmd = Command("SELECT kind FROM partitioner_jobs WHERE id = @id", ("id", id));
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>One of a job's other files (stored with its end), or null when there is none.</summary>
    public async Task<byte[]?> FileAsync(string id, string name, CancellationToken ct)
    {
        await using var cmd = Command("SELECT content FROM partitioner_files WHERE job_id = @id AND name = @name", ("id", id), ("name", name));
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>One result document ("consortia", "practices" or "report"), or null when there is none.</summary>
    public async Task<byte[]?> ResultAsync(string id, string document, CancellationToken ct)
    {
        var column = document switch { "consortia" => "consortia", "practices" => "practices", "report" => "report", _ => throw new ArgumentOutOfRangeException(nameof(document)) };
        await using var cmd = Command($"SELECT {column} FROM partitioner_results WHERE job_id = @id", ("id", id));
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>Ids of succeeded jobs with results, newest first.</summary>
    public async Task<IReadOnlyList<string>> SucceededWithResultsAsync(int limit, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT j.id FROM partitioner_jobs j JOIN partitioner_results r ON r.job_id = j.id
            WHERE j.state = 'succeeded' ORDER BY j.seq DESC LIMIT @n
            """, ("n", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    public async Task<long> QueuedCountAsync(CancellationToken ct)
    {
        await using var cmd = Command("SELECT count(*) FROM partitioner_jobs WHERE state = 'queued'");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Records a user's cancellation (durably: the job never runs again): items not yet started are cancelled, and a
    /// job with nothing running ends at once. False when the job is unknown or already finished.
    /// </summary>
    public async Task<bool> RequestCancelAsync(string id, string queuedMessage, string runningMessage, CancellationToken ct)
    {
        await using var c = await _db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        int marked = await Command(c, tx, "UPDATE partitioner_jobs SET cancel_requested = true WHERE id = @id AND state IN ('queued', 'running')", ("id", id)).ExecuteNonQueryAsync(ct);
        if (marked == 0) return false;
        await Command(c, tx, "UPDATE partitioner_work_items SET state = 'cancelled' WHERE job_id = @id AND state = 'queued'", ("id", id)).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        await FinishCancelledIfIdleAsync(id, runningMessage, ct, queuedMessage);
        return true;
    }

    /// <summary>
    /// Ends a job whose cancellation was requested once none of its items is running; true when it ended now. A job
    /// that never started gets <paramref name="queuedMessage"/> when one is given.
    /// </summary>
    public async Task<bool> FinishCancelledIfIdleAsync(string id, string message, CancellationToken ct, string? queuedMessage = null)
    {
        await using var cmd = Command("""
            UPDATE partitioner_jobs SET state = 'cancelled', finished_at = now(),
                message = CASE WHEN state = 'queued' THEN coalesce(@q, @m) ELSE @m END
            WHERE id = @id AND cancel_requested AND state IN ('queued', 'running')
              AND NOT EXISTS (SELECT 1 FROM partitioner_work_items w WHERE w.job_id = @id AND w.state = 'running')
            """, ("id", id), ("m", message), ("q", queuedMessage));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Records a job's end and its documents in one transaction, once: a second gathering of the same job (after its
    /// grain moved to another silo) changes nothing. True when this call finished the job.
    /// </summary>
    public async Task<bool> FinishAsync(string id, JobOutcome outcome, CancellationToken ct)
    {
        await using var c = await _db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        int n = await Command(c, tx, """
            UPDATE partitioner_jobs SET state = @state, finished_at = now(), message = @message, errors_json = @errors,
                summary_json = @summary, progress_json = coalesce(@progress, progress_json)
            WHERE id = @id AND state IN ('queued', 'running')
            """,
            ("id", id), ("state", outcome.State.Name()), ("message", outcome.Message), ("errors", outcome.ErrorsJson), ("summary", outcome.SummaryJson),
            ("progress", outcome.ProgressJson)).ExecuteNonQueryAsync(ct);
        if (n == 0) return false;
        if (outcome.Documents is { } d)
            await Command(c, tx, "INSERT INTO partitioner_results (job_id, consortia, practices, report) VALUES (@id, @c, @p, @r) ON CONFLICT (job_id) DO NOTHING",
                ("id", id), ("c", d.Consortia), ("p", d.Practices), ("r", d.Report)).ExecuteNonQueryAsync(ct);
        foreach (var (name, content) in outcome.Files)
            await Command(c, tx, "INSERT INTO partitioner_files (job_id, name, content) VALUES (@id, @name, @content) ON CONFLICT (job_id, name) DO NOTHING",
                ("id", id), ("name", name), ("content", content)).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var cmd = Command("DELETE FROM partitioner_jobs WHERE id = @id", ("id", id));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes jobs (with their items and results) that finished before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var cmd = Command("DELETE FROM partitioner_jobs WHERE finished_at IS NOT NULL AND finished_at < @t", ("t", before.ToUniversalTime()));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ids of jobs not finished, oldest first (a silo's start-up check that each has its grain).</summary>
    public async Task<IReadOnlyList<string>> UnfinishedAsync(int limit, CancellationToken ct)
    {
        await using var cmd = Command("SELECT id FROM partitioner_jobs WHERE state IN ('queued', 'running') ORDER BY seq LIMIT @n", ("n", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Jobs and items waiting and running, and the silos the membership table lists as active.</summary>
    public async Task<QueueFigures> FiguresAsync(string clusterId, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT (SELECT count(*) FROM partitioner_jobs WHERE state = 'queued'),
                   (SELECT count(*) FROM partitioner_jobs WHERE state = 'running'),
                   (SELECT count(*) FROM partitioner_work_items WHERE state = 'queued'),
                   (SELECT count(*) FROM partitioner_work_items WHERE state = 'running'),
                   (SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3)
            """, ("cluster", clusterId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new QueueFigures(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>Every silo of the cluster the membership table lists (dead ones included until Orleans removes them), newest first.</summary>
    public async Task<IReadOnlyList<SiloMember>> SilosAsync(string clusterId, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT address || ':' || port || '@' || generation, siloname, hostname, status, starttime, iamalivetime
            FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY starttime DESC, port
            """, ("cluster", clusterId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var silos = new List<SiloMember>();
        while (await r.ReadAsync(ct))
            silos.Add(new SiloMember(r.GetString(0), r.GetString(1), r.GetString(2), SiloStatusName(r.GetInt32(3)),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        return silos;
    }

    /// <summary>Orleans' SiloStatus numbers as words.</summary>
    public static string SiloStatusName(int status) => status switch
    {
        1 => "created",
        2 => "joining",
        3 => "active",
        4 => "shutting_down",
        5 => "stopping",
        6 => "dead",
        _ => "none",
    };

    private NpgsqlCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand(sql);
        Add(cmd, args);
        return cmd;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        Add(cmd, args);
        return cmd;
    }

    internal static void Add(NpgsqlCommand cmd, (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            // Nulls need a type: byte arrays are bytea, everything else that can be null here is text.
            // PostgreSQL text cannot hold a NUL (SQLite can): one in a message or a name quoted from the input would fail
            // the statement, so it is stored as U+FFFD, the character for what cannot be shown.
            var p = value is null ? new NpgsqlParameter(name, name is "practices" or "c" or "p" or "r" or "result" or "content" ? NpgsqlDbType.Bytea : NpgsqlDbType.Text) { Value = DBNull.Value }
                : value is string text && text.Contains('\0') ? new NpgsqlParameter(name, text.Replace('\0', '\uFFFD'))
                : new NpgsqlParameter(name, value);
            cmd.Parameters.Add(p);
        }
    }
}
