using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// The exact solver under concurrency, against the real service: several localities splits and exact solves at once.
/// (Four concurrent localities requests used to kill the process inside the native MIP library.) Every answer is
/// 200 or 429, none is a 5xx, the service logs no error and is alive at the end, and a request proven optimal gives the
/// same plan whatever ran beside it. Bounded: 6 clients, 4 requests each, 127.0.0.1 only.
/// </summary>
[Trait("Category", "Load")]
public sealed class ConcurrentExactTests : IDisposable
{
    private readonly string _database = TestDatabase.NewPath("exact-load");

    [Fact]
    public async Task Concurrent_localities_and_exact_solves_get_no_server_error_and_the_same_answers()
    {
        using var server = await RealServer.StartAsync(_database, new Dictionary<string, string> { ["SyncTimeLimitSeconds"] = "20" });
        using var client = server.Client();
        string[] consortia = ["R01", "R02", "R03", "R04"];
        var answers = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var errors = new ConcurrentBag<string>();

        async Task Client(int index)
        {
            for (int round = 0; round < 4; round++)
            {
                HttpResponseMessage response;
                string key;
                if (index < 4)
                {
                    key = consortia[(index + round) % consortia.Length];
                    response = await client.PostAsync($"/v1/localities/{key}", TestData.Json(new JsonObject { ["dataset"] = "region", ["group_by"] = "ccg_code" }));
                }
                else
                {
                    key = "exact";
                    var options = TestData.QuickOptions();
                    options["exact"] = true;
                    response = await client.PostAsync("/v1/solve", TestData.Json(TestData.GridRequest(options)));
                }
                string body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500) errors.Add($"{key} {(int)response.StatusCode}: {body}");
                else if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(body)!["report"]?["exact"]?["status"]?.GetValue<string>() == "optimal")
                {
                    // A proven plan (the practices' localities or consortia) must not depend on what ran beside it; a plan
                    // cut short by the time limit may.
                    var features = JsonNode.Parse(body)!["practices"]?["features"]?.AsArray() ?? JsonNode.Parse(body)!["consortia"]!["features"]!.AsArray();
                    answers.GetOrAdd(key, _ => []).Add(string.Join(",", features.Select(f => f!["properties"]!.ToJsonString())));
                }
                else Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{key} answered {(int)response.StatusCode}: {body}");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Client(i))));

        Assert.Empty(errors);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.DoesNotContain("fail:", server.Log);
        Assert.True(answers.Count >= 2, $"only {answers.Count} kinds of request were proven: {string.Join(", ", answers.Keys)}");
        Assert.All(answers, kv => Assert.Single(kv.Value.Distinct()));
    }

    public void Dispose() => TestDatabase.Delete(_database);
}
