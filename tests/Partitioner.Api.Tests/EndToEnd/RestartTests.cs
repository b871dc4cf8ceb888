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
            var (rb, _) = await client.Submit(TestData.Json(LongJob(seconds: 3)));
            b = rb.Headers.Location!.ToString();
            await WaitForState(client, b, "running");
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

    /// <summary>
    /// kill -9 at five moments: right after a job completed, while one runs and one waits (with a cancel answered 202 a
    /// moment before), while a job writes its results, and twice during a job that "takes the service down". No accepted
    /// job is lost, no stored result changes, the cancel holds, and the poison job ends as failed with its reason after
    /// its two attempts instead of being run for ever.
    /// </summary>
    [Fact]
    public async Task Kill_9_at_five_moments_loses_no_job_changes_no_result_and_fails_the_poison_job_after_two_attempts()
    {
        var two = new Dictionary<string, string> { ["Workers"] = "2", ["JobAttempts"] = "2" };

        // Moment 1: right after completion.
        string done, doneConsortia, doneReport;
        using (var server = await RealServer.StartAsync(_database, two))
        using (var client = server.Client())
        {
            done = (await client.Submit(TestData.Json(TestData.GridRequest()))).Response.Headers.Location!.ToString();
            Assert.Equal("succeeded", (string)(await client.WaitForJob(done))["state"]!);
            server.Kill();
        }

        // Moments 2 and 3: a job running (the poison job, first crash) and one queued, a cancel answered 202 just before.
        string poison, cancelled, queued;
        using (var server = await RealServer.StartAsync(_database, two))
        using (var client = server.Client())
        {
            doneConsortia = await client.GetStringAsync($"{done}/consortia");
            doneReport = await client.GetStringAsync($"{done}/report");
            poison = (await client.Submit(TestData.Json(LongJob(seconds: 600)))).Response.Headers.Location!.ToString();
            cancelled = (await client.Submit(TestData.Json(LongJob(seconds: 600)))).Response.Headers.Location!.ToString();
            await WaitForState(client, poison, "running");
            await WaitForState(client, cancelled, "running");
            queued = (await client.Submit(TestData.Json(TestData.GridRequest()))).Response.Headers.Location!.ToString();
            Assert.Equal("queued", (string)(await client.GetFromJson(queued))["state"]!);
            Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync(cancelled)).StatusCode);
            server.Kill();
        }

        // Moment 4: while a job writes its results (the poison job running again: its second crash).
        string writing, queuedConsortia;
        using (var server = await RealServer.StartAsync(_database, two))
        using (var client = server.Client())
        {
            Assert.Equal(doneConsortia, await client.GetStringAsync($"{done}/consortia"));
            var c = await client.GetFromJson(cancelled);
            Assert.Equal("cancelled", (string)c["state"]!);
            Assert.Equal(1, (int)c["attempts"]!);
            Assert.Equal("succeeded", (string)(await client.WaitForJob(queued))["state"]!);
            queuedConsortia = await client.GetStringAsync($"{queued}/consortia");
            await WaitForState(client, poison, "running");
            Assert.Equal(2, (int)(await client.GetFromJson(poison))["attempts"]!);
            writing = await KillWhileWriting(server, client);
        }

        // After the last restart: the poison job failed with its reason, the interrupted writer ran again, nothing changed.
        using (var server = await RealServer.StartAsync(_database, two))
        using (var client = server.Client())
        {
            var p = await client.GetFromJson(poison);
            Assert.Equal("failed", (string)p["state"]!);
            Assert.Equal(2, (int)p["attempts"]!);
            Assert.Contains("stopped unexpectedly 2 times while running this job", (string)p["message"]!);
            await (await client.GetAsync($"{poison}/consortia")).Problem(HttpStatusCode.UnprocessableEntity);

            var w = await client.WaitForJob(writing, TimeSpan.FromSeconds(120));
            Assert.Equal("succeeded", (string)w["state"]!);
            Assert.Equal(2, (int)w["attempts"]!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{writing}/practices")).StatusCode);

            Assert.Equal(doneConsortia, await client.GetStringAsync($"{done}/consortia"));
            Assert.Equal(doneReport, await client.GetStringAsync($"{done}/report"));
            Assert.Equal(queuedConsortia, await client.GetStringAsync($"{queued}/consortia"));
            Assert.Equal("cancelled", (string)(await client.GetFromJson(cancelled))["state"]!);
            Assert.DoesNotContain("fail:", server.Log);
        }
    }

    /// <summary>A job that searches until its time limit: the region with a step budget it never reaches.</summary>
    private static JsonObject LongJob(int seconds) => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["max"] = 300_000, ["max_steps"] = 2_000_000_000, ["restarts"] = 1, ["time_limit_seconds"] = seconds },
    };

    /// <summary>Submits England (7,500 practices, a short search, best effort) and kills the service once it is seen writing its results; tries again if the writing was missed.</summary>
    private static async Task<string> KillWhileWriting(RealServer server, HttpClient client)
    {
        var england = new JsonObject
        {
            ["dataset"] = "england",
            ["options"] = new JsonObject { ["max_steps"] = 1_000, ["restarts"] = 1, ["mode"] = "best_effort", ["time_limit_seconds"] = 300 },
        };
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var job = (await client.Submit(TestData.Json(england))).Response.Headers.Location!.ToString();
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (DateTime.UtcNow < deadline)
            {
                var status = await client.GetFromJson(job);
                if ((string?)status["progress"]?["phase"] == "writing results")
                {
                    server.Kill();
                    return job;
                }
                if ((string)status["state"]! is "succeeded" or "failed") break;
                await Task.Delay(5);
            }
        }
        throw new InvalidOperationException("Three England jobs finished without being seen writing their results.");
    }

    private static async Task WaitForState(HttpClient client, string job, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((string)(await client.GetFromJson(job))["state"]! != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {job} never reached {state}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Delete(_database);
    }
}
