namespace Partitioner.Cluster.Tests;

/// <summary>
/// The failover tests' cluster: three worker silos (one slot each) and an API node on one test database, each its own
/// process on 127.0.0.1, started and waited for until the API node sees three active silos. Disposing kills them all.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    private TestCluster(ClusterNode[] workers, ClusterNode api)
    {
        Workers = workers;
        Api = api;
    }

    public ClusterNode[] Workers { get; }
    public ClusterNode Api { get; }

    public static async Task<TestCluster> StartAsync(string connectionString)
    {
        var workers = await Task.WhenAll(new[] { "w1", "w2", "w3" }.Select(n => ClusterNode.WorkerAsync(n, connectionString, slots: 1)));
        ClusterNode? api = null;
        try
        {
            api = await ClusterNode.ApiAsync("api", connectionString);
            var cluster = new TestCluster(workers, api);
            await Waits.Until(async () => (await api.ReadyAsync())["checks"]!["ready"]!["data"]!["silos_active"]!.GetValue<long>() == 3,
                TimeSpan.FromMinutes(2), "three active silos");
            return cluster;
        }
        catch
        {
            api?.Dispose();
            foreach (var worker in workers) worker.Dispose();
            throw;
        }
    }

    /// <summary>How the membership table and the work items name <paramref name="worker"/>'s silo, up to its generation.</summary>
    public static string SiloPrefix(ClusterNode worker) => $"127.0.0.1:{worker.SiloPort}@";

    /// <summary>Waits until <paramref name="worker"/>'s silo runs an item, kills it (SIGKILL) and returns the items it held (job, item).</summary>
    public static async Task<List<object?[]>> KillWhileRunningAsync(TestDatabase db, ClusterNode worker)
    {
        string silo = SiloPrefix(worker);
        await Waits.Until(async () => await db.ScalarAsync<long>($"SELECT count(*) FROM partitioner_work_items WHERE state = 'running' AND silo LIKE '{silo}%'") > 0,
            TimeSpan.FromMinutes(3), "an item running on the silo to kill");
        worker.Kill();
        return await db.RowsAsync($"SELECT job_id, item FROM partitioner_work_items WHERE state = 'running' AND silo LIKE '{silo}%'");
    }

    public void Dispose()
    {
        Api.Dispose();
        foreach (var worker in Workers) worker.Dispose();
    }
}
