using Npgsql;

namespace Partitioner.Cluster.Storage;

/// <summary>
/// The durable queue of work items in PostgreSQL. Workers claim items with <c>FOR UPDATE SKIP LOCKED</c> (oldest job
/// first), hold them by a lease they renew while running, and store each result once: the first run of an item to
/// finish writes it, any other run of the same item (after its worker was presumed dead) is dropped. An item whose
/// worker is no longer an active silo, or whose lease ran out, is claimable again.
/// </summary>
public sealed class WorkItemQueue(ClusterDatabase database)
{
    private readonly NpgsqlDataSource _db = database.DataSource;

    // A running item is abandoned when its lease ran out or its silo is not an active member of the cluster.
    private const string Abandoned = """
        (w.lease_until < now() OR NOT EXISTS (
            SELECT 1 FROM orleansmembershiptable m
            WHERE m.deploymentid = @cluster AND m.status = 3 AND m.address || ':' || m.port || '@' || m.generation = w.silo))
        """;

    /// <summary>Claims the next waiting (or abandoned) item for <paramref name="silo"/>, or null when there is none.</summary>
    public Task<ClaimedItem?> ClaimAsync(string silo, string clusterId, TimeSpan lease, CancellationToken ct) =>
        ClaimAsync(silo, clusterId, lease, int.MaxValue, ct);

    /// <summary>
    /// Claims the next waiting (or abandoned) item for <paramref name="silo"/> that has run fewer than
    /// <paramref name="maxRuns"/> times, of a job neither finished nor being cancelled; null when there is none.
    /// </summary>
    public async Task<ClaimedItem?> ClaimAsync(string silo, string clusterId, TimeSpan lease, int maxRuns, CancellationToken ct)
    {
        await using var c = await _db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using var claim = ClusterJobStore.Command(c, tx, $"""
            UPDATE partitioner_work_items w
            SET state = 'running', silo = @silo, lease_until = now() + @lease, attempts = w.attempts + 1, progress_json = NULL
            FROM (SELECT job_id, item FROM partitioner_work_items w
                  WHERE (w.state = 'queued' OR (w.state = 'running' AND {Abandoned}))
                    AND w.attempts < @runs
                    AND NOT EXISTS (SELECT 1 FROM partitioner_jobs j WHERE j.id = w.job_id
                                    AND (j.cancel_requested OR j.state IN ('succeeded', 'failed', 'cancelled')))
                  ORDER BY w.job_seq, w.item
                  LIMIT 1 FOR UPDATE SKIP LOCKED) next
            WHERE w.job_id = next.job_id AND w.item = next.item
            RETURNING w.job_id, w.item, w.attempts
            """, ("silo", silo), ("cluster", clusterId), ("lease", lease), ("runs", maxRuns));
        ClaimedItem? claimed = null;
        await using (var r = await claim.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) claimed = new ClaimedItem(r.GetString(0), r.GetInt32(1), r.GetInt32(2));
        if (claimed is null) return null;
        await using var start = ClusterJobStore.Command(c, tx, """
            UPDATE partitioner_jobs SET state = CASE WHEN state = 'queued' THEN 'running' ELSE state END,
                started_at = coalesce(started_at, now()), attempts = greatest(attempts, @attempt)
            WHERE id = @id
            """, ("id", claimed.JobId), ("attempt", claimed.Attempt));
        await start.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Extends the claim and saves the item's progress; says whether to go on, stop for a cancellation, or drop the run.</summary>
    public async Task<RenewAnswer> RenewAsync(ClaimedItem item, string silo, string? progressJson, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("""
            UPDATE partitioner_work_items w SET lease_until = now() + @lease, progress_json = coalesce(@progress, w.progress_json)
            WHERE w.job_id = @job AND w.item = @item AND w.state = 'running' AND w.silo = @silo
            RETURNING (SELECT cancel_requested FROM partitioner_jobs j WHERE j.id = w.job_id)
            """);
        ClusterJobStore.Add(cmd, [("lease", lease), ("progress", progressJson), ("job", item.JobId), ("item", item.Item), ("silo", silo)]);
        var answer = await cmd.ExecuteScalarAsync(ct);
        return answer switch
        {
            null or DBNull => RenewAnswer.Lost,
            true => RenewAnswer.Cancel,
            _ => RenewAnswer.Continue,
        };
    }

    /// <summary>Stores an item's result unless another run stored one first; true when this run's result is the one kept.</summary>
    public async Task<bool> CompleteAsync(ClaimedItem item, string silo, byte[] result, string? progressJson, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("""
            UPDATE partitioner_work_items SET state = 'done', result = @result, done_by = @silo, finished_at = now(),
                lease_until = NULL, progress_json = coalesce(@progress, progress_json)
            WHERE job_id = @job AND item = @item AND state IN ('queued', 'running')
            """);
        ClusterJobStore.Add(cmd, [("result", result), ("silo", silo), ("progress", progressJson), ("job", item.JobId), ("item", item.Item)]);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Gives up a claimed item: back to the queue (this worker is shutting down) or cancelled (its job was cancelled).
    /// Only while this silo still holds it.
    /// </summary>
    public async Task ReleaseAsync(ClaimedItem item, string silo, bool cancelled, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("""
            UPDATE partitioner_work_items SET state = @state, silo = NULL, lease_until = NULL
            WHERE job_id = @job AND item = @item AND state = 'running' AND silo = @silo
            """);
        ClusterJobStore.Add(cmd, [("state", cancelled ? WorkItemStates.Cancelled : WorkItemStates.Queued), ("job", item.JobId), ("item", item.Item), ("silo", silo)]);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every item of a job in order: state, silo, runs and latest progress.</summary>
    public async Task<IReadOnlyList<WorkItemStatus>> ItemsAsync(string jobId, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("""
            SELECT item, state, silo, attempts, progress_json, done_by FROM partitioner_work_items WHERE job_id = @job ORDER BY item
            """);
        ClusterJobStore.Add(cmd, [("job", jobId)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<WorkItemStatus>();
        while (await r.ReadAsync(ct))
            items.Add(new WorkItemStatus(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        return items;
    }

    /// <summary>The stored results of a job's items in item order (null for an item without one).</summary>
    public async Task<IReadOnlyList<byte[]?>> ResultsAsync(string jobId, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("SELECT result FROM partitioner_work_items WHERE job_id = @job ORDER BY item");
        ClusterJobStore.Add(cmd, [("job", jobId)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var results = new List<byte[]?>();
        while (await r.ReadAsync(ct)) results.Add(r.IsDBNull(0) ? null : (byte[])r[0]);
        return results;
    }

    /// <summary>Puts a job's abandoned items (dead silo, lapsed lease) back in the queue; returns how many.</summary>
    public async Task<int> ReclaimAsync(string jobId, string clusterId, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand($"""
            UPDATE partitioner_work_items w SET silo = NULL, lease_until = NULL,
                state = CASE WHEN (SELECT j.cancel_requested FROM partitioner_jobs j WHERE j.id = w.job_id) THEN 'cancelled' ELSE 'queued' END
            WHERE w.job_id = @job AND w.state = 'running' AND {Abandoned}
            """);
        ClusterJobStore.Add(cmd, [("job", jobId), ("cluster", clusterId)]);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
