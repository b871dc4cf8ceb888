using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Harness;

namespace Partitioner.Cluster.Tests;

/// <summary>
/// One node of a test cluster: the real service (<c>dotnet Partitioner.Api.dll</c>) as its own process on 127.0.0.1,
/// in cluster mode, as a worker silo or an API node. Killed (SIGKILL) on disposal at the latest.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    private readonly ServiceProcess _service;

    private ClusterNode(ServiceProcess service, string name, int siloPort)
    {
        _service = service;
        Name = name;
        SiloPort = siloPort;
    }

    public Uri Address => _service.Address;
    public string Name { get; }

    /// <summary>The silo's port (0 for an API node): the membership table and the work items name the silo by it.</summary>
    public int SiloPort { get; }

    public bool HasExited => _service.HasExited;

    public string Log => _service.Log;

    /// <summary>Starts a worker silo running <paramref name="slots"/> work items at once.</summary>
    public static Task<ClusterNode> WorkerAsync(string name, string connectionString, int slots, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(name, connectionString, worker: true, slots, settings);

    /// <summary>Starts an API node (an Orleans client; runs no work).</summary>
    public static Task<ClusterNode> ApiAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(name, connectionString, worker: false, 0, settings);

    private static async Task<ClusterNode> StartAsync(string name, string connectionString, bool worker, int slots, IReadOnlyDictionary<string, string>? settings)
    {
        // A free port found here can be taken by another process before the node binds it: start again on new ports.
        for (int attempt = 1; ; attempt++)
        {
            try { return await StartOnceAsync(name, connectionString, worker, slots, settings); }
            catch (ServiceExitedException e) when (attempt < 3 && e.PortTaken) { }
        }
    }

    private static async Task<ClusterNode> StartOnceAsync(string name, string connectionString, bool worker, int slots, IReadOnlyDictionary<string, string>? settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        int http = ServiceProcess.FreePort(), siloPort = worker ? ServiceProcess.FreePort() : 0, gatewayPort = worker ? ServiceProcess.FreePort() : 0;
        var env = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Partitioner"] = "Information",
            ["Partitioner__Mode"] = "Cluster",
            ["Partitioner__Cluster__ConnectionString"] = connectionString,
            ["Partitioner__Cluster__Role"] = worker ? "Worker" : "Api",
            // Short timings so that a dead silo is noticed within seconds, not minutes.
            ["Partitioner__Cluster__LeaseSeconds"] = "6",
            ["Partitioner__Cluster__CheckSeconds"] = "1",
            ["Partitioner__Cluster__ReminderSeconds"] = "10",
            ["Partitioner__Cluster__ProbeTimeoutSeconds"] = "2",
        };
        if (worker)
        {
            env["Partitioner__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
            env["Partitioner__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
            env["Partitioner__Workers"] = slots.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) env[$"Partitioner__{k.Replace(":", "__", StringComparison.Ordinal)}"] = v;
        try
        {
            return new ClusterNode(await ServiceProcess.StartAsync(dll, http, env, TimeSpan.FromMinutes(3)), name, siloPort);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Node {name} did not start: {e.Message}", e);
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The node's readiness report.</summary>
    public async Task<JsonObject> ReadyAsync()
    {
        using var client = Client();
        // 503 (unhealthy) still carries the report.
        using var response = await client.GetAsync("/health/ready").ConfigureAwait(false);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();
    }

    /// <summary>Kills the process at once with SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill() => _service.Kill();

    public void Dispose() => _service.Dispose();
}
