using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
public sealed class RestartTests : IDisposable
{
    private readonly string _database = TestDatabase.NewPath("restart");

    [Fact]
    public async Task A_restart_keeps_finished_results_and_reruns_queued_and_interrupted_jobs()
    {
        var one = new Dictionary<string, string> { ["Workers"] = "1" };

        // 1. A job finishes; then the process crashes.
        string a;
        string aConsortia;
        using (var server = await RealServer.StartAsync(_database, one))
        using (var client = server.Client())
        {
            var (response, _) = await client.Submit(TestData.Json(TestData.GridRequest()));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            a = response.Headers.Location!.ToString();
            Assert.Equal("succeeded", (string)(await client.WaitForJob(a))["state"]!);
            aConsortia = await client.GetStringAsync($"{a}/consortia");
            server.Kill();
        }

        // 2. A long job is running and another is queued behind it when the service is stopped.
        string b, c;
        using (var server = await RealServer.StartAsync(_database, one))
        using (var client = server.Client())
        {
            var (rb, _) = await client.Submit(TestData.Json(new JsonObject
            {
                ["dataset"] = "region",
                ["options"] = new JsonObject { ["max"] = 300_000, ["max_steps"] = 2_000_000_000, ["restarts"] = 1, ["time_limit_seconds"] = 3 },
            }));
            b = rb.Headers.Location!.ToString();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((string)(await client.GetFromJson(b))["state"]! != "running")
            {
                Assert.True(DateTime.UtcNow < deadline, "job b never started");
                await Task.Delay(50);
            }
            var (rc, _) = await client.Submit(TestData.Json(TestData.GridRequest()));
            c = rc.Headers.Location!.ToString();
            Assert.Equal("queued", (string)(await client.GetFromJson(c))["state"]!);
            await server.StopAsync(TimeSpan.FromSeconds(20));
        }

        // 3. After a restart: the finished result is intact, and both unfinished jobs run to the end.
        using (var server = await RealServer.StartAsync(_database, one))
        using (var client = server.Client())
        {
            var status = await client.GetFromJson(a);
            Assert.Equal("succeeded", (string)status["state"]!);
            Assert.Equal(aConsortia, await client.GetStringAsync($"{a}/consortia"));

            var sb = await client.WaitForJob(b, TimeSpan.FromSeconds(40));
            Assert.Equal("succeeded", (string)sb["state"]!);
            Assert.Equal(2, (int)sb["attempts"]!);
            var sc = await client.WaitForJob(c, TimeSpan.FromSeconds(40));
            Assert.Equal("succeeded", (string)sc["state"]!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{c}/report")).StatusCode);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Delete(_database);
    }
}
