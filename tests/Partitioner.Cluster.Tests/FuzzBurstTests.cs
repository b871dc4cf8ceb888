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
        static string Port() => Harness.ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (report, text) = await FuzzRun.RunToTextAsync(FuzzSettings.Burst(20_261_128, TimeSpan.FromSeconds(90), new Dictionary<string, string>
        {
            ["Mode"] = "Cluster",
            ["Partitioner:Cluster:ConnectionString"] = db.ConnectionString,
            ["Partitioner:Cluster:SiloPort"] = Port(),
            ["Partitioner:Cluster:GatewayPort"] = Port(),
        }));
        Console.WriteLine(text);
        Assert.True(report.Passed, text);
        Assert.True(report.Generated.Count() >= 500, $"only {report.Generated.Count()} requests in the time budget:\n{text}");
    }
}
