using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Jobs;

public sealed class SeedsApp : ApiFactory;

/// <summary>A job of several seeds: independent solves (its work items), the best plan kept; the embedded mode runs them in turn.</summary>
public sealed class SeedsTests(SeedsApp app) : IClassFixture<SeedsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private static JsonObject Region(ulong seed, int? seeds) => new()
    {
        ["dataset"] = "region",
        ["options"] = new JsonObject { ["seed"] = seed, ["seeds"] = seeds, ["max_steps"] = 3_000, ["restarts"] = 1, ["mode"] = "best_effort" },
    };

    private async Task<JsonNode> Run(JsonObject request)
    {
        var (response, _) = await _client.Submit(TestData.Json(request));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _client.WaitForJob(response.Headers.Location!.ToString(), TimeSpan.FromMinutes(3));
        Assert.Equal("succeeded", (string)status["state"]!);
        return status;
    }

    [Fact]
    public async Task A_job_of_three_seeds_keeps_the_plan_of_the_best_single_seed_job()
    {
        var many = await Run(Region(40, 3));
        var singles = new List<(ulong Seed, double Objective, byte[] Practices)>();
        for (ulong seed = 40; seed < 43; seed++)
        {
            var one = await Run(Region(seed, null));
            singles.Add((seed, (double)one["summary"]!["objective"]!["total"]!, await _client.GetByteArrayAsync((string)one["links"]!["practices"]!)));
        }
        var best = singles.OrderBy(s => s.Objective).ThenBy(s => s.Seed).First();

        Assert.Equal(best.Seed, (ulong)many["summary"]!["seed"]!);
        Assert.Equal(3, (int)many["summary"]!["seeds"]!);
        Assert.Equal((3, 3), ((int)many["progress"]!["items"]!, (int)many["progress"]!["items_done"]!));
        Assert.Contains($"Best of 3 seeds: seed {best.Seed}.", (string)many["message"]!);
        Assert.Equal(best.Practices, await _client.GetByteArrayAsync((string)many["links"]!["practices"]!));
        var report = await _client.GetFromJson((string)many["links"]!["report"]!);
        var runs = report["seeds"]!["runs"]!.AsArray();
        Assert.Equal(singles.Select(s => s.Seed), runs.Select(r => (ulong)r!["seed"]!));
        Assert.Equal(singles.Select(s => s.Objective), runs.Select(r => (double)r!["objective"]!));
        Assert.Single(runs, r => (bool)r!["chosen"]!);
    }

    [Fact]
    public async Task A_single_seed_job_has_no_seeds_section_or_item_counts()
    {
        var one = await Run(Region(7, 1));
        Assert.Null(one["progress"]!["items"]);
        Assert.Null(one["summary"]!["seeds"]);
        Assert.Null((await _client.GetFromJson((string)one["links"]!["report"]!))["seeds"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task A_job_asking_for_too_few_or_too_many_seeds_is_refused(int seeds)
    {
        var (response, _) = await _client.Submit(TestData.Json(Region(1, seeds)));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("Give 1 to 32 seeds", problem.ToJsonString());
    }

    [Fact]
    public async Task Seeds_are_refused_by_the_synchronous_solve()
    {
        var request = TestData.GridRequest(TestData.QuickOptions());
        request["options"]!["seeds"] = 2;
        var problem = await (await _client.PostAsync("/v1/solve", TestData.Json(request))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("seeds", problem.ToJsonString());
        Assert.Contains("POST /v1/jobs", problem.ToJsonString());
    }
}
