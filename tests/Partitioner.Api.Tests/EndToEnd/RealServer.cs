using Partitioner.Harness;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// The real service as a separate process (<c>dotnet Partitioner.Api.dll --urls http://127.0.0.1:port</c>), on a given
/// database. Stop it gracefully (SIGTERM) or kill it.
/// </summary>
public sealed class RealServer : IDisposable
{
    private readonly ServiceProcess _service;

    private RealServer(ServiceProcess service) => _service = service;

    public Uri Address => _service.Address;

    public string Log => _service.Log;

    public static async Task<RealServer> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        var environment = new Dictionary<string, string>
        {
            ["Partitioner__DatabasePath"] = databasePath,
            ["Logging__LogLevel__Partitioner"] = "Information",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) environment[$"Partitioner__{k}"] = v;
        return new RealServer(await ServiceProcess.StartOnFreePortAsync(dll, environment, TimeSpan.FromSeconds(30)));
    }

    public HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Asks the process to stop (SIGTERM, as a service manager would) and waits for it to exit.</summary>
    public Task StopAsync(TimeSpan timeout) => _service.StopAsync(timeout);

    /// <summary>Kills the process at once (a crash).</summary>
    public void Kill() => _service.Kill();

    public void Dispose() => _service.Dispose();
}
