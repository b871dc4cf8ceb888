using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Partitioner.Bench.Cluster;

/// <summary>The service as a process on 127.0.0.1: embedded, a cluster worker silo or a cluster API node. Killed on disposal.</summary>
internal sealed class Node : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private Node(Process process, Uri address) { _process = process; Address = address; }

    public Uri Address { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static Task<Node> EmbeddedAsync(string databasePath) =>
        StartAsync(new() { ["Partitioner__DatabasePath"] = databasePath, ["Partitioner__Workers"] = "1" });

    public static Task<Node> WorkerAsync(string connection, int slots) => StartAsync(new()
    {
        ["Partitioner__Mode"] = "Cluster",
        ["Partitioner__Cluster__ConnectionString"] = connection,
        ["Partitioner__Cluster__Role"] = "Worker",
        ["Partitioner__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Partitioner__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Partitioner__Workers"] = slots.ToString(CultureInfo.InvariantCulture),
    });

    public static Task<Node> ApiAsync(string connection) => StartAsync(new()
    {
        ["Partitioner__Mode"] = "Cluster",
        ["Partitioner__Cluster__ConnectionString"] = connection,
        ["Partitioner__Cluster__Role"] = "Api",
    });

    private static async Task<Node> StartAsync(Dictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in settings) start.Environment[k] = v;
        var process = Process.Start(start)!;
        var node = new Node(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { lock (node._log) node._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (node._log) node._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The node exited:\n{node.Log}");
            try { if ((await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return node; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        node.Dispose();
        throw new TimeoutException("The node did not start.");
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        catch (InvalidOperationException) { }
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
