using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Partitioner.Api.Tests.EndToEnd;

[Trait("Category", "Load")]
public sealed class LoadTests : IDisposable
{
    private const int Clients = 50;
    private const int JobsPerClient = 2;
    private const int QueueCapacity = 10;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private readonly string _database = TestDatabase.NewPath("load");

    [Fact]
    public async Task Fifty_concurrent_clients_get_no_server_error_and_no_job_is_lost()
    {
        using var server = await RealServer.StartAsync(_database, new Dictionary<string, string> { ["Workers"] = "2", ["QueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = server.Client();
        var clock = Stopwatch.StartNew();
        var serverErrors = new ConcurrentBag<string>();
        var accepted = new ConcurrentBag<string>();
        var finished = new ConcurrentDictionary<string, string>();
        int refused = 0, maxQueued = 0;
        var body = TestData.GridRequest(TestData.QuickOptions(maxSteps: 500)).ToJsonString();

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                try
                {
                    var ready = await client.GetFromJson("/health/ready");
                    int queued = (int)ready["checks"]!["ready"]!["data"]!["jobs_queued"]!;
                    InterlockedMax(ref maxQueued, queued);
                }
                catch (HttpRequestException) { }
                await Task.Delay(100);
            }
        });

        async Task Client(int index)
        {
            var random = new Random(index);
            for (int j = 0; j < JobsPerClient && clock.Elapsed < Budget; j++)
            {
                string? location = null;
                while (location is null && clock.Elapsed < Budget)
                {
                    var response = await client.PostAsync("/v1/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                    if ((int)response.StatusCode >= 500) serverErrors.Add($"POST {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref refused);
                        Assert.NotNull(response.Headers.RetryAfter);
                        await Task.Delay(200 + random.Next(300)); // shorter than Retry-After, to keep pressure on the queue
                        continue;
                    }
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    location = response.Headers.Location!.ToString();
                    accepted.Add(location);
                }
                while (location is not null && clock.Elapsed < Budget)
                {
                    var response = await client.GetAsync(location);
                    if ((int)response.StatusCode >= 500) serverErrors.Add($"GET {(int)response.StatusCode}");
                    var state = (string)(await response.ReadJson())["state"]!;
                    if (state is "succeeded" or "failed" or "cancelled") { finished[location] = state; break; }
                    await Task.Delay(150 + random.Next(100));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(() => Client(i))));
        sampling.Cancel();
        await sampler;

        Assert.Empty(serverErrors);
        Assert.True(accepted.Count >= Clients, $"only {accepted.Count} jobs accepted in {clock.Elapsed}");
        Assert.True(maxQueued <= QueueCapacity, $"queue held {maxQueued} > {QueueCapacity}");
        // No job is lost: every accepted job is still known, and every one that finished succeeded.
        foreach (var location in accepted)
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.All(finished.Values, s => Assert.Equal("succeeded", s));
        Assert.True(finished.Count >= accepted.Count - Clients, $"{finished.Count} of {accepted.Count} finished in the budget");
        Console.WriteLine($"load: {accepted.Count} accepted, {finished.Count} finished, {refused} refused with 429, max queued {maxQueued}, {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Delete(_database);
    }
}
