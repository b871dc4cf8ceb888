using System.Net;

namespace Partitioner.Api.Tests.Jobs;

/// <summary>Results kept for 3.6 seconds, cleaned every 0.6 seconds.</summary>
public sealed class ShortRetentionApp() : ApiFactory(new() { ["ResultRetentionHours"] = "0.001", ["CleanupIntervalMinutes"] = "0.01" });

public sealed class RetentionTests(ShortRetentionApp app) : IClassFixture<ShortRetentionApp>
{
    [Fact]
    public async Task Finished_jobs_are_deleted_after_the_retention_period()
    {
        var client = app.CreateClient();
        var (response, _) = await client.Submit(TestData.Json(TestData.GridRequest()));
        var location = response.Headers.Location!.ToString();
        Assert.Equal("succeeded", (string)(await client.WaitForJob(location))["state"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{location}/report")).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await client.GetAsync(location)).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the finished job was never cleaned up");
            await Task.Delay(250);
        }
        await (await client.GetAsync($"{location}/consortia")).Problem(HttpStatusCode.NotFound);
    }
}
