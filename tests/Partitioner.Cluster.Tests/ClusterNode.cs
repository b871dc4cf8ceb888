using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Cluster.Tests;

/// <summary>
/// One node of a test cluster: the real service (<c>dotnet Partitioner.Api.dll</c>) as its own process on 127.0.0.1,
/// in cluster mode, as a worker silo or an API node. Killed (SIGKILL) on disposal at the latest.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ClusterNode(Process process, Uri address, string name, int siloPort)
    {
        _process = process;
        Address = address;
        Name = name;
        SiloPort = siloPort;
    }

    public Uri Address { get; }
    public string Name { get; }

    /// <summary>The silo's port (0 for an API node): the membership table and the work items name the silo by it.</summary>
    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

    public string Log { get { lock (_log) return _log.ToString(); } }

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
            catch (PortTakenException) when (attempt < 3) { }
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    private static async Task<ClusterNode> StartOnceAsync(string name, string connectionString, bool worker, int slots, IReadOnlyDictionary<string, string>? settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        int http = FreePort(), siloPort = worker ? FreePort() : 0, gatewayPort = worker ? FreePort() : 0;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{http}" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Partitioner"] = "Information";
        env["Partitioner__Mode"] = "Cluster";
        env["Partitioner__Cluster__ConnectionString"] = connectionString;
        env["Partitioner__Cluster__Role"] = worker ? "Worker" : "Api";
        // Short timings so that a dead silo is noticed within seconds, not minutes.
        env["Partitioner__Cluster__LeaseSeconds"] = "6";
        env["Partitioner__Cluster__CheckSeconds"] = "1";
        env["Partitioner__Cluster__ReminderSeconds"] = "10";
        env["Partitioner__Cluster__ProbeTimeoutSeconds"] = "2";
        if (worker)
        {
            env["Partitioner__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
            env["Partitioner__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
            env["Partitioner__Workers"] = slots.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) env[$"Partitioner__{k.Replace(":", "__", StringComparison.Ordinal)}"] = v;

        var process = Process.Start(start)!;
        var node = new ClusterNode(process, new Uri($"http://127.0.0.1:{http}"), name, siloPort);
        process.OutputDataReceived += (_, e) => { lock (node._log) node._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (node._log) node._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                string log = node.Log;
                int code = process.ExitCode;
                node.Dispose();
                if (log.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) throw new PortTakenException(log);
                throw new InvalidOperationException($"Node {name} exited with {code}:\n{log}");
            }
            try
            {
                if ((await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
            {
                node.Dispose();
                throw new TimeoutException($"Node {name} did not start:\n{node.Log}");
            }
            await Task.Delay(250);
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
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try { Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
