using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Partitioner.Harness;

/// <summary>
/// The service (<c>dotnet Partitioner.Api.dll</c>) as a child process on 127.0.0.1, for the end-to-end tests, the client
/// tests, the cluster tests, the fuzzing harness and the cluster benchmark (each links this file as source): started with its environment,
/// its output kept (the last lines, or all), ready once <c>/health/live</c> (or another health path) answers; stopped
/// with SIGTERM, or killed.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private const string LivePath = "/health/live";
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly Lock _gate = new();
    private readonly int _keptLines;
    private readonly Action<string>? _onLine;

    private ServiceProcess(Process process, Uri address, int keptLines, Action<string>? onLine)
    {
        _process = process;
        Address = address;
        _keptLines = keptLines;
        _onLine = onLine;
    }

    /// <summary>http://127.0.0.1:port of the service.</summary>
    public Uri Address { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>What the process wrote (standard output and error), the last lines kept.</summary>
    public string Log { get { lock (_gate) return string.Join('\n', _log); } }

    /// <summary>A port free on 127.0.0.1 now (another process may take it before the service binds it).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Starts <paramref name="apiDll"/> like <see cref="StartAsync"/> on a port found free (<paramref name="choosePort"/>,
    /// <see cref="FreePort"/> by default). A port found free can be taken by another process (a client's outgoing
    /// connection, another test's service) before the service binds it; when the service exits because its port is taken,
    /// it is started again on a new port, at most <paramref name="attempts"/> times in all; <paramref name="onRetry"/> is
    /// told first (e.g. to forget the lines of the attempt that failed).
    /// </summary>
    public static async Task<ServiceProcess> StartOnFreePortAsync(string apiDll, IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout,
        int keptLines = int.MaxValue, Action<string>? onLine = null, Func<int>? choosePort = null, int attempts = 3, Action? onRetry = null,
        IReadOnlyList<string>? arguments = null, string readyPath = LivePath)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { return await StartAsync(apiDll, (choosePort ?? FreePort)(), environment, startTimeout, keptLines, onLine, arguments, readyPath); }
            catch (ServiceExitedException e) when (e.PortTaken && attempt < attempts) { onRetry?.Invoke(); }
        }
    }

    /// <summary>
    /// Starts <paramref name="apiDll"/> on 127.0.0.1:<paramref name="port"/> in the Production environment, logging
    /// warnings and above unless <paramref name="environment"/> (full variable names, e.g. <c>Partitioner__Workers</c>)
    /// says otherwise, and waits until it answers <paramref name="readyPath"/> with 200 (<c>/health/live</c>; the client
    /// tests wait for <c>/health/ready</c>, the datasets loaded). Throws <see cref="ServiceExitedException"/> when it exits
    /// while starting and <see cref="TimeoutException"/> when it does not answer within <paramref name="startTimeout"/>;
    /// either way with its output in the message. <paramref name="onLine"/> sees every line it writes, as it writes it;
    /// <paramref name="arguments"/> follow <c>--urls</c> on the command line (e.g. <c>--contentRoot</c> and a folder).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string apiDll, int port, IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout,
        int keptLines = int.MaxValue, Action<string>? onLine = null, IReadOnlyList<string>? arguments = null, string readyPath = LivePath)
    {
        if (!File.Exists(apiDll)) throw new FileNotFoundException($"The service was not found at {apiDll}; build it first.", apiDll);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { apiDll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"), keptLines, onLine);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + startTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                // WaitForExit() without a timeout also waits for the redirected output to be read to its end, so the
                // exception holds everything the process wrote before it died.
                process.WaitForExit();
                var exited = new ServiceExitedException(process.ExitCode, service.Log);
                service.Dispose();
                throw exited;
            }
            try
            {
                if ((await probe.GetAsync(readyPath)).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
            {
                string log = service.Log;
                service.Dispose();
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The service did not answer {readyPath} within {startTimeout.TotalSeconds:0} s:\n{log}"));
            }
            await Task.Delay(200);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _onLine?.Invoke(line);
        lock (_gate)
        {
            _log.Enqueue(line);
            while (_log.Count > _keptLines) _log.Dequeue();
        }
    }

    /// <summary>Asks the process to stop (SIGTERM, as a service manager would) and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>Kills the process and its children at once (SIGKILL: a crash, no goodbye to anyone).</summary>
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
}
