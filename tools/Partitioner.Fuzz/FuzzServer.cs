using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Partitioner.Fuzz;

/// <summary>
/// The service under test: <c>dotnet Partitioner.Api.dll</c> started by the harness on 127.0.0.1 at a free port, with a
/// temporary database, so the harness never talks to anything it did not start. Keeps the server's error log lines and
/// reads its peak resident memory from /proc.
/// </summary>
public sealed class FuzzServer : IDisposable
{
    private const int KeptLogLines = 400;
    private readonly Process _process;
    private readonly string _database;
    private readonly Queue<string> _log = new();
    private readonly Lock _gate = new();
    private int _errorLines;

    private FuzzServer(Process process, Uri address, string database)
    {
        _process = process;
        Address = address;
        _database = database;
    }

    public Uri Address { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Lines the server logged at error level or above ("fail:", "crit:"), counted for the summary.</summary>
    public int ErrorLines => Volatile.Read(ref _errorLines);

    /// <summary>The last lines of the server's output.</summary>
    public string Log { get { lock (_gate) return string.Join('\n', _log); } }

    /// <summary>
    /// Starts the service from <paramref name="apiDll"/> with <paramref name="settings"/> ("Partitioner" section keys,
    /// or full keys such as "AllowedHosts") and waits until it answers /health/live.
    /// </summary>
    public static async Task<FuzzServer> StartAsync(string apiDll, IReadOnlyDictionary<string, string> settings, TimeSpan startTimeout)
    {
        if (!File.Exists(apiDll)) throw new FileNotFoundException($"The service was not found at {apiDll}. Build the harness (it builds the service too).", apiDll);
        int port = FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"partitioner-fuzz-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { apiDll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Partitioner__DatabasePath"] = database;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
            start.Environment[key.Contains(':') || key.Contains("__") ? key.Replace(":", "__") : $"Partitioner__{key}"] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new FuzzServer(process, new Uri($"http://127.0.0.1:{port}"), database);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + startTimeout;
        while (true)
        {
            if (process.HasExited) { process.WaitForExit(); throw new InvalidOperationException($"The service exited with {process.ExitCode} while starting:\n{server.Log}"); }
            try
            {
                if ((await probe.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new TimeoutException($"The service did not answer within {startTimeout.TotalSeconds:0} s:\n{server.Log}");
            }
            await Task.Delay(200);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)) Interlocked.Increment(ref _errorLines);
        lock (_gate)
        {
            _log.Enqueue(line);
            while (_log.Count > KeptLogLines) _log.Dequeue();
        }
    }

    /// <summary>Current and peak resident memory of the server process in bytes (VmRSS, VmHWM), or nulls when /proc cannot tell.</summary>
    public (long? Current, long? Peak) Memory()
    {
        try
        {
            long? rss = null, hwm = null;
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line);
            }
            return (rss, hwm);
        }
        catch (IOException) { return (null, null); }
        catch (UnauthorizedAccessException) { return (null, null); }
    }

    private static long? Kilobytes(string line)
    {
        var digits = new StringBuilder();
        foreach (char c in line) if (char.IsAsciiDigit(c)) digits.Append(c);
        return long.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(_database + suffix); } catch (IOException) { }
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
