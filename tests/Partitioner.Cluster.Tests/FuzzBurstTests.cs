using Partitioner.Fuzz;

namespace Partitioner.Cluster.Tests;

/// <summary>
/// The fuzzing harness's burst (tools/Partitioner.Fuzz; the embedded service's burst is the API tests'
/// EndToEnd/FuzzBurstTests) against the service in cluster mode: one worker node started by the harness on 127.0.0.1
/// over a fresh PostgreSQL database, 1,500 malformed and hostile requests across every input endpoint within 90 s.
/// Fails on any 5xx, hang, crash, logged error, job failed by the service, or a peak RSS over 2 GB. Cluster mode
/// stores jobs in PostgreSQL, whose text cannot hold what SQLite holds (a NUL in a grouping field was a 500 here).
/// </summary>
public sealed class FuzzBurstTests
{
    [PostgresFact]
    public async Task A_burst_of_hostile_requests_to_a_cluster_node_gets_no_5xx_no_hang_and_no_crash()
    {
        await using var db = await TestPostgres.CreateAsync();
        var settings = new FuzzSettings
        {
            Count = 1_500,
            Seed = 20_261_128,
            Concurrency = 4,
            TimeBudget = TimeSpan.FromSeconds(90),
            HangLimit = TimeSpan.FromSeconds(45),
            MaxPeakRssBytes = 2L * 1024 * 1024 * 1024,
            ServerSettings = new Dictionary<string, string>
            {
                ["Mode"] = "Cluster",
                ["Partitioner:Cluster:ConnectionString"] = db.ConnectionString,
                ["Partitioner:Cluster:SiloPort"] = Harness.ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Partitioner:Cluster:GatewayPort"] = Harness.ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SyncTimeLimitSeconds"] = "3", ["RequestTimeoutSeconds"] = "30", ["DefaultJobTimeLimitSeconds"] = "5",
            },
        };
        var log = new StringWriter();
        var report = await FuzzRun.RunAsync(settings, log);
        var summary = log + report.Summary();
        Console.WriteLine(summary);
        Assert.True(report.Passed, summary);
        Assert.True(report.Generated.Count() >= 500, $"only {report.Generated.Count()} requests in the time budget:\n{summary}");
    }
}
