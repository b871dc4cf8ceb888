using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Partitioner.Api.Jobs;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Tests.Storage;

/// <summary>
/// The embedded store reads its jobs with the cluster store's row reader (<see cref="JobRows"/>): every field comes back
/// as stored, from a database of today's layout and from one an earlier version wrote, and states keep their stored words.
/// </summary>
public sealed class JobRecordTests : IDisposable
{
    private readonly string _path = TestDatabase.NewPath("job-record");

    private JobStore Open() => new(Options.Create(new PartitionerApiOptions { DatabasePath = _path }));

    [Theory]
    [InlineData(JobState.Succeeded, "succeeded")]
    [InlineData(JobState.Failed, "failed")]
    [InlineData(JobState.Cancelled, "cancelled")]
    public void A_finished_job_keeps_its_state_as_the_word_the_api_shows_and_reads_back_whole(JobState state, string word)
    {
        var store = Open();
        store.Insert("j", new StoredInput("region", null, "{}", null), "{\"seed\": 3}", 300);
        Assert.True(store.TryStart("j"));
        store.SaveProgress("j", "{\"steps\": 5}");
        var outputs = state == JobState.Succeeded ? new PlanOutputs([1], [2], [3]) : null;
        store.Finish("j", state, "the end", "[]", "{\"consortia\": 4}", null, outputs);

        Assert.Equal(word, Scalar("SELECT state FROM jobs WHERE id = 'j'"));
        var job = store.Get("j")!;
        Assert.Equal(("j", state, "{\"seed\": 3}", 300, 1), (job.Id, job.State, job.ParametersJson, job.PracticeCount, job.Attempts));
        Assert.Equal(("{\"steps\": 5}", "[]", "{\"consortia\": 4}", "the end"), (job.ProgressJson, job.ErrorsJson, job.SummaryJson, job.Message));
        Assert.Equal((state == JobState.Succeeded, false, true), (job.HasResult, job.CancelRequested, job.IsFinished));
        Assert.True(job.CreatedAt <= job.StartedAt && job.StartedAt <= job.FinishedAt, $"{job.CreatedAt:O} {job.StartedAt:O} {job.FinishedAt:O}");
    }

    [Fact]
    public void Jobs_an_earlier_version_stored_read_back_as_they_were()
    {
        using (var c = new SqliteConnection($"Data Source={_path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // The first release's layout: no cancel_requested or crashes columns.
            cmd.CommandText = """
                CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT,
                    finished_at TEXT, dataset TEXT, practices BLOB, options_json TEXT NOT NULL, group_by TEXT, parameters_json TEXT NOT NULL,
                    practice_count INTEGER NOT NULL DEFAULT 0, progress_json TEXT, errors_json TEXT, summary_json TEXT, message TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE results (job_id TEXT PRIMARY KEY, consortia BLOB NOT NULL, practices BLOB NOT NULL, report BLOB NOT NULL);
                INSERT INTO jobs (id, seq, state, created_at, started_at, finished_at, options_json, parameters_json, practice_count, summary_json, message, attempts)
                VALUES ('done', 1, 'succeeded', '2024-01-01T09:00:00.0000000+00:00', '2024-01-01T09:00:01.2500000+00:00', '2024-01-01T09:00:31.1234567+00:00',
                        '{}', '{"seed": 1}', 120, '{"consortia": 2}', 'Solved.', 1);
                INSERT INTO results VALUES ('done', x'01', x'02', x'03');
                INSERT INTO jobs (id, seq, state, created_at, options_json, parameters_json) VALUES ('waiting', 2, 'queued', '2024-01-02T00:00:00.0000000+00:00', '{}', '{}');
                """;
            cmd.ExecuteNonQuery();
        }

        var store = Open();
        var done = store.Get("done")!;
        Assert.Equal((JobState.Succeeded, true, false, 120, 1, "Solved.", "{\"consortia\": 2}"),
            (done.State, done.HasResult, done.CancelRequested, done.PracticeCount, done.Attempts, done.Message, done.SummaryJson));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero), done.CreatedAt);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 9, 0, 1, 250, TimeSpan.Zero), done.StartedAt);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 9, 0, 31, TimeSpan.Zero).AddTicks(1_234_567), done.FinishedAt);
        Assert.Equal([1], store.GetResult("done", "consortia"));

        var waiting = store.Get("waiting")!;
        Assert.Equal((JobState.Queued, false, false, null, null), (waiting.State, waiting.HasResult, waiting.IsFinished, waiting.StartedAt, waiting.FinishedAt));
        // The gained cancel_requested column lets the old queued job start as before.
        Assert.True(store.TryStart("waiting"));
        Assert.Equal(JobState.Running, store.Get("waiting")!.State);
    }

    private string? Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() as string;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDatabase.Delete(_path);
    }
}
