using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// 50 clients for 60 s against the real service: jobs submitted and followed, synchronous evaluations and solves,
/// exact proofs and localities splits, dataset and OGC reads, and malformed requests mixed in. No answer is a 5xx, the service logs no error and is alive at
/// the end, no accepted job is lost and every job that finished succeeded.
/// </summary>
[Trait("Category", "Load")]
public sealed class LoadTests : IDisposable
{
    private const int Clients = 50;
    private const int QueueCapacity = 10;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private readonly string _database = TestDatabase.NewPath("load");

    [Fact]
    public async Task Fifty_concurrent_clients_for_a_minute_get_no_server_error_and_no_job_is_lost()
    {
        using var server = await RealServer.StartAsync(_database, new Dictionary<string, string> { ["Workers"] = "2", ["QueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = server.Client();
        var clock = Stopwatch.StartNew();
        var serverErrors = new ConcurrentBag<string>();
        var accepted = new ConcurrentBag<string>();
        var finished = new ConcurrentDictionary<string, string>();
        var answers = new ConcurrentDictionary<string, int>();
        int maxQueued = 0;
        var job = TestData.GridRequest(TestData.QuickOptions(maxSteps: 500)).ToJsonString();
        var evaluation = new JsonObject { ["practices"] = TestData.Grid(), ["group_by"] = "ccg_code" }.ToJsonString();
        var exactOptions = TestData.QuickOptions(maxSteps: 500);
        exactOptions["exact"] = true;
        var exactJob = TestData.GridRequest(exactOptions).ToJsonString();
        var localities = new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }.ToJsonString();
        string[] malformed =
        [
            "{\"dataset\":\"region\",\"dataset\":\"england\"}",
            "{\"dataset\":\"region\",\"options\":" + new string('[', 5_000) + new string(']', 5_000) + "}",
            "{\"dataset\":\"\\ud800\"}",
            "{\"dataset\":\"region\",\"options\":{\"min\":0,\"max\":1e12}}",
        ];

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                try
                {
                    var ready = await client.GetFromJson("/health/ready");
                    InterlockedMax(ref maxQueued, (int)ready["checks"]!["ready"]!["data"]!["jobs_queued"]!);
                }
                catch (HttpRequestException) { }
                await Task.Delay(100);
            }
        });

        async Task<HttpResponseMessage> Send(string kind, Func<Task<HttpResponseMessage>> request)
        {
            var response = await request();
            answers.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500) serverErrors.Add($"{kind} {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        async Task Client(int index)
        {
            var random = new Random(index);
            while (clock.Elapsed < Budget)
            {
                int roll = random.Next(100);
                if (roll < 35)
                {
                    var response = await Send("POST /v1/jobs", () => client.PostAsync("/v1/jobs", Json(job)));
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        Assert.NotNull(response.Headers.RetryAfter);
                        await Task.Delay(200 + random.Next(300));
                        continue;
                    }
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    var location = response.Headers.Location!.ToString();
                    accepted.Add(location);
                    while (clock.Elapsed < Budget)
                    {
                        var status = await Send("GET /v1/jobs/{id}", () => client.GetAsync(location));
                        var state = (string)(await status.ReadJson())["state"]!;
                        if (state is "succeeded" or "failed" or "cancelled") { finished[location] = state; break; }
                        await Task.Delay(150 + random.Next(100));
                    }
                }
                else if (roll < 55)
                {
                    var response = await Send("POST /v1/evaluations", () => client.PostAsync("/v1/evaluations?layer=report", Json(evaluation)));
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"evaluation answered {(int)response.StatusCode}");
                }
                else if (roll < 61)
                {
                    var response = await Send("POST /v1/solve", () => client.PostAsync("/v1/solve", Json(job)));
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"solve answered {(int)response.StatusCode}");
                }
                else if (roll < 65)
                {
                    // The exact solver under the same load: a proof of a small solve, or one consortium's localities.
                    var response = random.Next(2) == 0
                        ? await Send("POST /v1/solve exact", () => client.PostAsync("/v1/solve", Json(exactJob)))
                        : await Send("POST /v1/localities", () => client.PostAsync($"/v1/localities/R0{1 + random.Next(3)}", Json(localities)));
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"exact work answered {(int)response.StatusCode}");
                }
                else if (roll < 85)
                {
                    var path = random.Next(3) switch { 0 => "/v1/datasets", 1 => "/ogc/collections", _ => "/v1/datasets/region/boundary" };
                    Assert.Equal(HttpStatusCode.OK, (await Send($"GET {path}", () => client.GetAsync(path))).StatusCode);
                }
                else
                {
                    var response = await Send("POST malformed", () => client.PostAsync(random.Next(2) == 0 ? "/v1/jobs" : "/v1/evaluations", Json(malformed[random.Next(malformed.Length)])));
                    Assert.True((int)response.StatusCode is >= 400 and < 500, $"malformed request answered {(int)response.StatusCode}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(() => Client(i))));
        sampling.Cancel();
        await sampler;

        Assert.Empty(serverErrors);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.DoesNotContain("fail:", server.Log);
        Assert.True(accepted.Count >= Clients / 2, $"only {accepted.Count} jobs accepted in {clock.Elapsed}");
        Assert.True(maxQueued <= QueueCapacity, $"queue held {maxQueued} > {QueueCapacity}");
        // No job is lost: every accepted job is still known, and every one that finished succeeded.
        foreach (var location in accepted)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
        Assert.All(finished.Values, s => Assert.Equal("succeeded", s));
        int total = answers.Values.Sum();
        Console.WriteLine($"load: {total} answers in {clock.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"))}); {accepted.Count} jobs accepted, {finished.Count} finished, max queued {maxQueued}");
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
