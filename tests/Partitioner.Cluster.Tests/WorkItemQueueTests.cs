using Partitioner.Cluster.Storage;

namespace Partitioner.Cluster.Tests;

/// <summary>The durable queue and the job store against a real PostgreSQL, without silos: claims, leases, results stored once, admission.</summary>
public sealed class WorkItemQueueTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static NewJob Job(string id, int items) => new(id, "solve", "region", null, "{}", null, "{\"seed\": 1}", 300, items);

    [PostgresFact]
    public async Task Items_are_claimed_oldest_job_first_and_each_only_once_while_its_lease_holds()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var queue = new WorkItemQueue(database);
        Assert.True(await jobs.TryInsertAsync(Job("first", 2), 10, CancellationToken.None));
        Assert.True(await jobs.TryInsertAsync(Job("second", 1), 10, CancellationToken.None));

        await ActiveSilosAsync(db, 1, 2);
        var a = await queue.ClaimAsync("127.0.0.1:1@1", "c", Lease, CancellationToken.None);
        var b = await queue.ClaimAsync("127.0.0.1:2@1", "c", Lease, CancellationToken.None);
        Assert.Equal(("first", 0, 1), (a!.JobId, a.Item, a.Attempt));
        Assert.Equal(("first", 1), (b!.JobId, b.Item));
        Assert.Equal(JobState.Running, (await jobs.GetAsync("first", CancellationToken.None))!.State);
        Assert.Equal(JobState.Queued, (await jobs.GetAsync("second", CancellationToken.None))!.State);
        Assert.Equal(RenewAnswer.Continue, await queue.RenewAsync(a, "127.0.0.1:1@1", "{}", Lease, CancellationToken.None));
        var c = await queue.ClaimAsync("127.0.0.1:2@1", "c", Lease, CancellationToken.None);
        Assert.Equal(("second", 0), (c!.JobId, c.Item));
        Assert.Null(await queue.ClaimAsync("127.0.0.1:1@1", "c", Lease, CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_job_reads_back_its_kind_and_input_as_submitted()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        byte[] practices = [1, 2, 3];
        var sweep = new NewJob("sweep-1", "sweep", null, practices, "{\"seed\": 2}", "la_code", "{\"operation\": \"sweep\"}", 3, 4,
            "{\"bands\": [0.3, 0.2]}");
        Assert.True(await jobs.TryInsertAsync(sweep, 10, CancellationToken.None));
        Assert.True(await jobs.TryInsertAsync(Job("solve-1", 1), 10, CancellationToken.None));

        var input = await jobs.InputAsync("sweep-1", CancellationToken.None);
        Assert.NotNull(input);
        Assert.Equal(("sweep", (string?)null, "{\"seed\": 2}", "la_code", "{\"bands\": [0.3, 0.2]}"),
            (input.Kind, input.Dataset, input.OptionsJson, input.GroupBy, input.SpecJson));
        Assert.Equal(practices, input.Practices);
        Assert.Equal("sweep", await jobs.KindAsync("sweep-1", CancellationToken.None));
        Assert.Equal("solve", await jobs.KindAsync("solve-1", CancellationToken.None));
        Assert.Equal("region", (await jobs.InputAsync("solve-1", CancellationToken.None))!.Dataset);
        Assert.Null(await jobs.KindAsync("no-such-job", CancellationToken.None));
        Assert.Null(await jobs.InputAsync("no-such-job", CancellationToken.None));
    }

    [PostgresFact]
    public async Task Text_holding_a_nul_is_stored_with_a_replacement_character_not_refused_by_the_database()
    {
        // Found by the fuzzing harness in cluster mode: a grouping field "\u0000" failed the insert (PostgreSQL text
        // cannot hold a NUL) and the submission was a 500. The service now refuses such names; the store keeps any
        // text it is given all the same.
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var job = new NewJob("nul-1", "solve", "region", null, "{}", "ccg\0code", "{\"seed\": 1}", 300, 1);
        Assert.True(await jobs.TryInsertAsync(job, 10, CancellationToken.None));
        Assert.Equal("ccg\uFFFDcode", (await jobs.InputAsync("nul-1", CancellationToken.None))!.GroupBy);
        Assert.Null(await jobs.GetAsync("nul\0", CancellationToken.None));
    }

    /// <summary>Records silos 127.0.0.1:port@1 as active members of cluster "c", as Orleans would.</summary>
    private static async Task ActiveSilosAsync(TestDatabase db, params int[] ports)
    {
        await db.ScalarAsync<int>("INSERT INTO orleansmembershipversiontable (deploymentid) VALUES ('c') RETURNING version");
        foreach (int port in ports)
            await db.ScalarAsync<int>($"""
                INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, starttime, iamalivetime)
                VALUES ('c', '127.0.0.1', {port}, 1, 's{port}', 'h', 3, now(), now()) RETURNING port
                """);
    }

    [PostgresFact]
    public async Task An_item_whose_silo_is_not_an_active_member_runs_again_and_only_the_first_result_is_kept()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var queue = new WorkItemQueue(database);
        Assert.True(await jobs.TryInsertAsync(Job("j", 1), 10, CancellationToken.None));

        await ActiveSilosAsync(db, 2);
        var first = await queue.ClaimAsync("127.0.0.1:1@1", "c", Lease, CancellationToken.None);
        Assert.NotNull(first);
        // Silo :1 is not an active member of cluster "c" (dead, as Orleans declared it): its item is claimable at once.
        var second = await queue.ClaimAsync("127.0.0.1:2@1", "c", Lease, CancellationToken.None);
        Assert.NotNull(second);
        Assert.Equal(2, second!.Attempt);
        Assert.Equal(RenewAnswer.Lost, await queue.RenewAsync(first!, "127.0.0.1:1@1", null, Lease, CancellationToken.None));

        Assert.True(await queue.CompleteAsync(second, "127.0.0.1:2@1", [2], null, CancellationToken.None));
        Assert.False(await queue.CompleteAsync(first, "127.0.0.1:1@1", [1], null, CancellationToken.None));
        var results = await queue.ResultsAsync("j", CancellationToken.None);
        Assert.Equal([2], Assert.Single(results)!);
        Assert.Equal("127.0.0.1:2@1", (await queue.ItemsAsync("j", CancellationToken.None))[0].DoneBy);
    }

    [PostgresFact]
    public async Task The_queue_bound_holds_for_concurrent_submissions()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var admitted = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => jobs.TryInsertAsync(Job($"job{i}", 2), 5, CancellationToken.None)));
        Assert.Equal(5, admitted.Count(a => a));
        Assert.Equal(5, await jobs.QueuedCountAsync(CancellationToken.None));
        Assert.Equal(10L, await db.ScalarAsync<long>("SELECT count(*) FROM partitioner_work_items"));
    }

    [PostgresFact]
    public async Task A_cancelled_job_ends_at_once_when_nothing_runs_and_its_items_are_never_claimed()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var queue = new WorkItemQueue(database);
        Assert.True(await jobs.TryInsertAsync(Job("j", 3), 10, CancellationToken.None));
        Assert.True(await jobs.RequestCancelAsync("j", "before", "during", CancellationToken.None));
        var job = await jobs.GetAsync("j", CancellationToken.None);
        Assert.Equal((JobState.Cancelled, "before", true, true), (job!.State, job.Message, job.CancelRequested, job.IsFinished));
        Assert.Null(await queue.ClaimAsync("s", "c", Lease, CancellationToken.None));
        Assert.False(await jobs.RequestCancelAsync("j", "before", "during", CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_job_is_finished_once_whatever_gathers_it_again()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        Assert.True(await jobs.TryInsertAsync(Job("j", 1), 10, CancellationToken.None));
        var outcome = new JobOutcome(JobState.Succeeded, "first", "[]", "{}", null, new JobDocuments([1], [2], [3]));
        Assert.True(await jobs.FinishAsync("j", outcome, CancellationToken.None));
        Assert.False(await jobs.FinishAsync("j", outcome with { Message = "second", Documents = new JobDocuments([9], [9], [9]) }, CancellationToken.None));
        var job = (await jobs.GetAsync("j", CancellationToken.None))!;
        Assert.Equal((JobState.Succeeded, "first", "{}", true, false), (job.State, job.Message, job.SummaryJson, job.HasResult, job.CancelRequested));
        Assert.NotNull(job.FinishedAt);
        // Stored as the word the HTTP API shows, as before the two stores shared one state type.
        Assert.Equal("succeeded", await db.ScalarAsync<string>("SELECT state FROM partitioner_jobs WHERE id = 'j'"));
        Assert.Equal([1], await jobs.ResultAsync("j", "consortia", CancellationToken.None));
    }

    [PostgresFact]
    public async Task An_item_that_used_up_its_runs_is_never_claimed_again_and_is_named_for_its_job_to_fail()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var queue = new WorkItemQueue(database);
        Assert.True(await jobs.TryInsertAsync(Job("j", 2), 10, CancellationToken.None));
        await ActiveSilosAsync(db, 1);
        const string Silo = "127.0.0.1:1@1";

        // Item 0 fails unexpectedly on each run and goes back to the queue, as a worker does.
        for (int run = 1; run <= 3; run++)
        {
            var claimed = await queue.ClaimAsync(Silo, "c", Lease, 3, CancellationToken.None);
            Assert.Equal((0, run), (claimed!.Item, claimed.Attempt));
            Assert.Empty(await ExhaustedAsync(queue, "j", 3));
            await queue.ReleaseAsync(claimed, Silo, cancelled: false, CancellationToken.None);
        }
        var exhausted = await ExhaustedAsync(queue, "j", 3);
        Assert.Equal([0], exhausted);
        var next = await queue.ClaimAsync(Silo, "c", Lease, 3, CancellationToken.None);
        Assert.Equal(1, next!.Item);
        Assert.Null(await queue.ClaimAsync(Silo, "c", Lease, 3, CancellationToken.None));
        // With a fourth run allowed, item 0 would run again.
        Assert.Equal(0, (await queue.ClaimAsync(Silo, "c", Lease, 4, CancellationToken.None))!.Item);
    }

    private static async Task<int[]> ExhaustedAsync(WorkItemQueue queue, string job, int maxRuns) =>
        (await queue.ItemsAsync(job, CancellationToken.None)).Where(i => i.Exhausted(maxRuns)).Select(i => i.Item).ToArray();

    [PostgresFact]
    public async Task No_item_of_a_finished_job_is_claimed()
    {
        await using var db = await TestPostgres.CreateAsync();
        using var database = new ClusterDatabase(db.ConnectionString);
        var jobs = new ClusterJobStore(database);
        var queue = new WorkItemQueue(database);
        Assert.True(await jobs.TryInsertAsync(Job("j", 2), 10, CancellationToken.None));
        Assert.NotNull(await queue.ClaimAsync("s", "c", Lease, CancellationToken.None));
        Assert.True(await jobs.FinishAsync("j", new JobOutcome(JobState.Failed, "item 0 ran out of runs", "[]", null, null, null), CancellationToken.None));
        Assert.Null(await queue.ClaimAsync("s", "c", Lease, CancellationToken.None));
    }
}
