using System.Net;
using System.Net.Sockets;
using Partitioner.Harness;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// The harness that starts the real service for the end-to-end tests: a port found free can be taken by another process
/// before the service binds it (a client's outgoing connection, another test's service), and the service then exits.
/// </summary>
public sealed class ServiceStartTests : IDisposable
{
    private readonly string _database = TestDatabase.NewPath("service-start");
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");

    private Dictionary<string, string> Environment() => new() { ["Partitioner__DatabasePath"] = _database };

    [Fact]
    public async Task A_service_whose_port_was_taken_is_started_again_on_a_new_port()
    {
        // The first port offered is held here, as if another process had taken it after it was found free.
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var offered = new List<int>();
        int retries = 0;
        int Choose()
        {
            int port = offered.Count == 0 ? taken : ServiceProcess.FreePort();
            offered.Add(port);
            return port;
        }

        using var service = await ServiceProcess.StartOnFreePortAsync(Dll, Environment(), TimeSpan.FromSeconds(30), choosePort: Choose, onRetry: () => retries++);

        Assert.Equal(2, offered.Count);
        Assert.Equal(1, retries);
        Assert.Equal(offered[1], service.Address.Port);
        using var client = new HttpClient { BaseAddress = service.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_port_taken_on_every_attempt_ends_with_the_services_own_words()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        int offers = 0;

        var e = await Assert.ThrowsAsync<ServiceExitedException>(() =>
            ServiceProcess.StartOnFreePortAsync(Dll, Environment(), TimeSpan.FromSeconds(30), choosePort: () => { offers++; return taken; }, attempts: 2));

        Assert.Equal(2, offers);
        Assert.True(e.PortTaken, e.Message);
    }

    public void Dispose() => TestDatabase.Delete(_database);
}
