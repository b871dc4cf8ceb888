using System.Globalization;
using System.Text;
using Partitioner.Harness;

namespace Partitioner.Fuzz;

/// <summary>
/// The service under test: <c>dotnet Partitioner.Api.dll</c> started by the harness on 127.0.0.1 at a free port, with a
/// temporary database, so the harness never talks to anything it did not start. Keeps the server's last log lines,
/// counts its error lines and reads its peak resident memory from /proc.
/// </summary>
public sealed class FuzzServer : IDisposable
{
    private const int KeptLogLines = 400;
    private readonly ServiceProcess _service;
    private readonly string _database;
    private readonly ErrorCounter _errors;

    private FuzzServer(ServiceProcess service, string database, ErrorCounter errors)
    {
        _service = service;
        _database = database;
        _errors = errors;
    }

    public Uri Address => _service.Address;
    public int ProcessId => _service.Id;
    public bool HasExited => _service.HasExited;
    public int? ExitCode => _service.ExitCode;

    /// <summary>Lines the server logged at error level or above ("fail:", "crit:"), counted for the summary.</summary>
    public int ErrorLines => _errors.Count;

    /// <summary>The last lines of the server's output.</summary>
    public string Log => _service.Log;

    /// <summary>
    /// Starts the service from <paramref name="apiDll"/> with <paramref name="settings"/> ("Partitioner" section keys,
    /// or full keys such as "AllowedHosts") and waits until it answers /health/live.
    /// </summary>
    public static async Task<FuzzServer> StartAsync(string apiDll, IReadOnlyDictionary<string, string> settings, TimeSpan startTimeout)
    {
        var database = Path.Combine(Path.GetTempPath(), $"partitioner-fuzz-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string>
        {
            ["Partitioner__DatabasePath"] = database,
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings)
            environment[key.Contains(':') || key.Contains("__") ? key.Replace(":", "__") : $"Partitioner__{key}"] = value;
        var errors = new ErrorCounter();
        try
        {
            var service = await ServiceProcess.StartOnFreePortAsync(apiDll, environment, startTimeout, KeptLogLines, errors.See, onRetry: errors.Forget);
            return new FuzzServer(service, database, errors);
        }
        catch
        {
            DeleteDatabase(database);
            throw;
        }
    }

    /// <summary>Current and peak resident memory of the server process in bytes (VmRSS, VmHWM), or nulls when /proc cannot tell.</summary>
    public (long? Current, long? Peak) Memory()
    {
        try
        {
            long? rss = null, hwm = null;
            foreach (var line in File.ReadLines($"/proc/{_service.Id}/status"))
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
        _service.Dispose();
        DeleteDatabase(_database);
    }

    private static void DeleteDatabase(string database)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(database + suffix); } catch (IOException) { }
    }

    /// <summary>Counts the server's lines at error level or above as they are written.</summary>
    private sealed class ErrorCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Forgets what a start that failed (its port was taken) wrote.</summary>
        public void Forget() => Interlocked.Exchange(ref _count, 0);

        public void See(string line)
        {
            if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
        }
    }
}
