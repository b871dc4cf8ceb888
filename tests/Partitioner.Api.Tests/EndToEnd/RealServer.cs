using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// The real service as a separate process (<c>dotnet Partitioner.Api.dll --urls http://127.0.0.1:port</c>), on a given
/// database. Stop it gracefully (SIGTERM) or kill it.
/// </summary>
public sealed class RealServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RealServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<RealServer> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Partitioner__DatabasePath"] = databasePath;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Partitioner"] = "Information";
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) start.Environment[$"Partitioner__{k}"] = v;
        var process = Process.Start(start)!;
        var server = new RealServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (server._log) server._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                // WaitForExit() without a timeout also waits for the redirected output to be read to its end, so the
                // message holds everything the process wrote before it died.
                process.WaitForExit();
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Log}");
            }
            try
            {
                if ((await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new TimeoutException($"The server did not start:\n{server.Log}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Asks the process to stop (SIGTERM, as a service manager would) and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>Kills the process at once (a crash).</summary>
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
