using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Endpoints;

/// <summary>No workers, a queue of one and small limits: jobs stay queued so the limits can be hit on purpose.</summary>
public sealed class QueueLimitsApp() : ApiFactory(new()
{
    ["Workers"] = "0",
    ["QueueCapacity"] = "1",
    ["MaxBodyBytes"] = "20000",
    ["MaxPractices"] = "20",
    ["MaxSyncPractices"] = "10",
});

public sealed class QueueLimitsTests(QueueLimitsApp app) : IClassFixture<QueueLimitsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_full_queue_refuses_with_429_and_retry_after_and_a_queued_job_can_be_cancelled()
    {
        var (first, body) = await _client.Submit(TestData.Json(TestData.GridRequest()));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var location = first.Headers.Location!.ToString();

        var second = await _client.PostAsync("/v1/jobs", TestData.Json(TestData.GridRequest()));
        await second.Problem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(second.Headers.RetryAfter);

        // The queued job's results are not ready.
        var conflict = await (await _client.GetAsync($"{location}/consortia")).Problem(HttpStatusCode.Conflict);
        Assert.Contains("queued", (string)conflict["detail"]!);

        var cancel = await _client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var status = await (await _client.GetAsync(location)).ReadJson();
        Assert.Equal("cancelled", (string)status["state"]!);
        await (await _client.GetAsync($"{location}/report")).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_body_over_the_byte_limit_is_a_413_problem()
    {
        var big = TestData.Grid(10, 10); // ~100 features, well over 20 kB
        var response = await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["practices"] = big, ["group_by"] = "ccg_code" }));
        await response.Problem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_csv_upload_over_the_byte_limit_is_a_413_problem()
    {
        var csv = new StringBuilder(TestData.GridCsv());
        while (csv.Length < 30_000) csv.Append("# padding padding padding padding padding padding padding\n");
        var response = await _client.PostAsync("/v1/solve", TestData.Multipart(csv.ToString(), TestData.QuickOptions()));
        await response.Problem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task More_practices_than_allowed_is_a_413_problem()
    {
        var response = await _client.PostAsync("/v1/evaluations", TestData.Json(new JsonObject { ["practices"] = TestData.Grid(5, 5), ["group_by"] = "ccg_code" }));
        var problem = await response.Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("more than 20 practices", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_synchronous_solve_over_its_practice_cap_is_a_413_pointing_to_jobs()
    {
        var response = await _client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest()));
        var problem = await response.Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("/v1/jobs", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Readiness_reports_degraded_when_no_workers_are_configured()
    {
        var ready = await (await _client.GetAsync("/health/ready")).ReadJson();
        Assert.Equal("degraded", (string)ready["status"]!);
    }
}
