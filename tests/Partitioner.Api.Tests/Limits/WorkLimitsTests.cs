using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Partitioner.Api.Limits;

namespace Partitioner.Api.Tests.Limits;

/// <summary>A request deadline of 2 s: a request whose geometry takes longer is stopped and answered 413.</summary>
public sealed class ShortDeadlineApp() : ApiFactory(new() { ["RequestTimeoutSeconds"] = "2", ["SyncTimeLimitSeconds"] = "1" });

/// <summary>
/// A memory limit of 128 MB, and a process whose memory reads as far over it as soon as any work is admitted (as if that
/// work grew without bound): the memory watch stops the work it admitted last.
/// </summary>
public sealed class TinyMemoryApp() : ApiFactory(new() { ["MaxMemoryMegabytes"] = "128", ["Workers"] = "1" })
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(provider =>
            new ResidentMemory(() => provider.GetRequiredService<WorkAdmission>().ReservedBytes > 0 ? 64L << 30 : 64L << 20)));
    }
}

public sealed class WorkLimitsTests(ShortDeadlineApp deadline, TinyMemoryApp memory) : IClassFixture<ShortDeadlineApp>, IClassFixture<TinyMemoryApp>
{
    /// <summary>A polygon around England of <paramref name="vertices"/> vertices (WGS84), heavy to cut the practices' cells from.</summary>
    private static JsonObject England(int vertices)
    {
        var ring = new JsonArray();
        for (int i = 0; i <= vertices; i++)
        {
            double t = 2 * Math.PI * (i % vertices) / vertices;
            double r = 1 + 0.02 * Math.Sin(t * 997);
            ring.Add(new JsonArray(Math.Round(-1.5 + 3.0 * r * Math.Cos(t), 7), Math.Round(52.9 + 3.0 * r * Math.Sin(t), 7)));
        }
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_stopped_and_answered_413_naming_the_limit()
    {
        var client = deadline.CreateClient();
        var body = new JsonObject { ["dataset"] = "england", ["group_by"] = "ccg_code", ["options"] = new JsonObject { ["boundary"] = England(49_000) } };
        var problem = await (await client.PostAsync("/v1/evaluations", TestData.Json(body))).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("POST /v1/evaluations did not finish within 2 s", (string)problem["detail"]!);
        Assert.Contains("simpler boundary", (string)problem["detail"]!);
        // The service is free again at once for the next request.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/datasets")).StatusCode);
    }

    [Fact]
    public async Task Work_whose_budget_alone_is_over_the_memory_limit_is_refused_before_it_starts()
    {
        var client = memory.CreateClient();
        var problem = await (await client.PostAsync("/v1/jobs", TestData.Json(new JsonObject { ["dataset"] = "england" }))).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("7,500 practices", (string)problem["detail"]!);
        Assert.Contains("128 MB", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_job_running_when_the_process_passes_the_memory_limit_fails_naming_the_reason()
    {
        var client = memory.CreateClient();
        var (response, _) = await client.Submit(TestData.Json(TestData.GridRequest(TestData.QuickOptions(maxSteps: 50_000_000))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await client.WaitForJob(response.Headers.Location!.ToString());
        Assert.Equal("failed", (string)status["state"]!);
        Assert.Contains("memory passed its limit (128 MB)", (string)status["message"]!);
    }

    private static JsonObject RegionEnsemble(int plans, int thin = 10) => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["balance"] = "deprivation=0.3" },
        ["ensemble"] = new JsonObject { ["plans"] = plans, ["chains"] = 2, ["thin"] = thin, ["burn_in"] = 100, ["count"] = 8, ["seed"] = 1 },
    };

    [Fact]
    public async Task An_ensemble_whose_plans_alone_are_over_the_memory_limit_is_refused_before_it_is_queued()
    {
        // 100,000 plans of 300 practices: 57 MB of assignments at two bytes a practice, on top of the geometry's allowance.
        var problem = await (await memory.CreateClient().PostAsync("/v1/ensembles", TestData.Json(RegionEnsemble(100_000)))).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("100,000 plans", (string)problem["detail"]!);
        Assert.Contains("128 MB", (string)problem["detail"]!);
        Assert.Contains("ensemble.plans", (string)problem["detail"]!);
    }

    [Fact]
    public async Task An_ensemble_job_is_admitted_like_a_solve_and_fails_naming_the_reason_when_memory_passes_the_limit()
    {
        // The process's memory reads over the limit as soon as admitted work holds a reservation: an ensemble that
        // reserved nothing would run to the end (10 million steps, long enough for the watch to see it).
        var client = memory.CreateClient();
        var (response, body) = await client.Submit(TestData.Json(RegionEnsemble(200, thin: 50_000)), "/v1/ensembles");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        var status = await client.WaitForJob(response.Headers.Location!.ToString(), TimeSpan.FromSeconds(120));
        Assert.Equal("failed", (string)status["state"]!);
        Assert.Contains("memory passed its limit (128 MB)", (string)status["message"]!);
    }
}
