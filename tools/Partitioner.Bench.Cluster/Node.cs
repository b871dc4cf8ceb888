using System.Globalization;
using Partitioner.Harness;

namespace Partitioner.Bench.Cluster;

/// <summary>The service as a process on 127.0.0.1: embedded, a cluster worker silo or a cluster API node. Killed on disposal.</summary>
internal sealed class Node : IDisposable
{
    private readonly ServiceProcess _service;

    private Node(ServiceProcess service) => _service = service;

    public Uri Address => _service.Address;
    public string Log => _service.Log;

    public static Task<Node> EmbeddedAsync(string databasePath) =>
        StartAsync(new() { ["Partitioner__DatabasePath"] = databasePath, ["Partitioner__Workers"] = "1" });

    public static Task<Node> WorkerAsync(string connection, int slots) => StartAsync(new()
    {
        ["Partitioner__Mode"] = "Cluster",
        ["Partitioner__Cluster__ConnectionString"] = connection,
        ["Partitioner__Cluster__Role"] = "Worker",
        ["Partitioner__Cluster__SiloPort"] = ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Partitioner__Cluster__GatewayPort"] = ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Partitioner__Workers"] = slots.ToString(CultureInfo.InvariantCulture),
    });

    public static Task<Node> ApiAsync(string connection) => StartAsync(new()
    {
        ["Partitioner__Mode"] = "Cluster",
        ["Partitioner__Cluster__ConnectionString"] = connection,
        ["Partitioner__Cluster__Role"] = "Api",
    });

    private static async Task<Node> StartAsync(Dictionary<string, string> settings) =>
        new(await ServiceProcess.StartOnFreePortAsync(Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll"), settings, TimeSpan.FromMinutes(3)));

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => _service.Dispose();
}
