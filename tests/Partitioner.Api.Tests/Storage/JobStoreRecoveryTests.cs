using Microsoft.Extensions.Options;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Tests.Storage;

/// <summary>What a start finds of jobs the previous process left running: a stored cancel holds, and a job that was running at two crashes is not run a third time.</summary>
public sealed class JobStoreRecoveryTests : IDisposable
{
    private readonly string _path = TestDatabase.NewPath("recovery");
    private readonly JobStore _store;

    public JobStoreRecoveryTests() => _store = new JobStore(Options.Create(new PartitionerApiOptions { DatabasePath = _path }));

    private string Queued()
    {
        var id = Guid.NewGuid().ToString("N");
        _store.Insert(id, new StoredInput("region", null, "{}", null), "{}", 300);
        return id;
    }

    [Fact]
    public void A_job_running_at_a_crash_runs_again_and_at_the_second_crash_fails_with_its_reason()
    {
        var id = Queued();
        Assert.True(_store.TryStart(id));
        Assert.Equal([id], _store.Recover(maxCrashes: 2));
        Assert.Equal(JobState.Queued, _store.Get(id)!.State);

        Assert.True(_store.TryStart(id));
        Assert.Empty(_store.Recover(maxCrashes: 2));
        var job = _store.Get(id)!;
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(2, job.Attempts);
        Assert.Contains("stopped unexpectedly 2 times while running this job (2 attempts)", job.Message);
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public void A_graceful_stop_that_requeues_a_job_is_not_counted_as_a_crash()
    {
        var id = Queued();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(_store.TryStart(id));
            _store.Requeue(id);
            Assert.Equal([id], _store.Recover(maxCrashes: 1));
        }
        Assert.Equal(JobState.Queued, _store.Get(id)!.State);
    }

    [Fact]
    public void A_cancel_stored_before_a_crash_ends_the_job_as_cancelled_after_it()
    {
        var id = Queued();
        Assert.True(_store.TryStart(id));
        Assert.True(_store.RequestCancel(id));
        Assert.Empty(_store.Recover(maxCrashes: 2));
        var job = _store.Get(id)!;
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Contains("user's request", job.Message);
    }

    [Fact]
    public void A_cancel_can_only_be_stored_for_a_running_job_and_stops_it_from_starting()
    {
        var id = Queued();
        Assert.False(_store.RequestCancel(id));
        Assert.True(_store.TryStart(id));
        Assert.True(_store.RequestCancel(id));
        Assert.True(_store.Get(id)!.CancelRequested);
        _store.Requeue(id);
        Assert.False(_store.TryStart(id));
    }

    [Fact]
    public void A_database_of_the_earlier_layout_gains_the_new_columns()
    {
        var old = TestDatabase.NewPath("old-layout");
        try
        {
            using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old}"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, dataset TEXT, practices BLOB, options_json TEXT NOT NULL, group_by TEXT, parameters_json TEXT NOT NULL, practice_count INTEGER NOT NULL DEFAULT 0, progress_json TEXT, errors_json TEXT, summary_json TEXT, message TEXT, attempts INTEGER NOT NULL DEFAULT 0); INSERT INTO jobs (id, seq, state, created_at, options_json, parameters_json) VALUES ('a', 1, 'running', '2024-01-01T00:00:00Z', '{}', '{}');";
                cmd.ExecuteNonQuery();
            }
            var store = new JobStore(Options.Create(new PartitionerApiOptions { DatabasePath = old }));
            Assert.Equal(["a"], store.Recover(maxCrashes: 2));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestDatabase.Delete(old);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Delete(_path);
    }
}
