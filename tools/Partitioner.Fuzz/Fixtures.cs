using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Partitioner.Fuzz.Generators;

namespace Partitioner.Fuzz;

/// <summary>
/// A finished sweep (with floors), ensemble and solve job (with federations and localities) on the bundled region, made
/// before the first generated request, so that reads of their tables and layers and outlier tests against the ensemble
/// meet real results. Each must succeed; one that does not is a fault of the run, as a job failed by the service is.
/// </summary>
public static class Fixtures
{
    private static readonly (string Placeholder, string Path, string Body)[] Made =
    [
        (LayerAttacks.Fixture.Sweep, "/v1/sweeps",
            """{"dataset":"region","options":{"max_steps":20000,"restarts":1},"sweep":{"bands":[0.3,0.2],"floors":true}}"""),
        (LayerAttacks.Fixture.Ensemble, "/v1/ensembles",
            """{"dataset":"region","group_by":"ccg_code","options":{"balance":"deprivation=0.3"},"ensemble":{"plans":20,"chains":2,"thin":5,"burn_in":20,"count":8,"seed":3}}"""),
        (LayerAttacks.Fixture.Job, "/v1/jobs",
            """{"dataset":"region","options":{"max":300000,"max_steps":20000,"restarts":1,"federations":{"min":500000},"localities":60000}}"""),
    ];

    /// <summary>Submits the three and waits for each (at most <paramref name="limit"/> apiece): placeholder → id, and what went wrong.</summary>
    public static async Task<(IReadOnlyDictionary<string, string> Ids, IReadOnlyList<string> Faults)> MakeAsync(HttpClient client, TimeSpan limit, TextWriter progress, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>();
        var faults = new List<string>();
        foreach (var (placeholder, path, body) in Made)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            message.Headers.TryAddWithoutValidation(FuzzRequest.IntentHeader, "1");
            using var response = await client.SendAsync(message, ct);
            string accepted = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Accepted || JsonNode.Parse(accepted)?["id"] is not JsonValue id)
            {
                faults.Add($"fixture {path}: {(int)response.StatusCode} {accepted[..Math.Min(accepted.Length, 400)]}");
                continue;
            }
            string location = response.Headers.Location?.ToString() ?? $"{path}/{id}";
            var deadline = DateTime.UtcNow + limit;
            string state = "queued";
            string last = "";
            while (state is "queued" or "running" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
                using var answer = await client.GetAsync(location, ct);
                last = await answer.Content.ReadAsStringAsync(ct);
                state = answer.IsSuccessStatusCode ? (string?)JsonNode.Parse(last)?["state"] ?? "unknown" : $"answered {(int)answer.StatusCode}";
            }
            if (state == "succeeded") ids[placeholder] = id.ToString();
            else faults.Add($"fixture {location}: {state} after {limit.TotalSeconds:0} s: {last[..Math.Min(last.Length, 400)]}");
        }
        progress.WriteLine($"fuzz: fixtures {string.Join(", ", ids.Select(i => $"{i.Key} = {i.Value}"))}{(faults.Count > 0 ? $"; {faults.Count} failed" : "")}");
        return (ids, faults);
    }

    /// <summary>The request with each placeholder in its path replaced by its fixture's id ("missing" when it was not made).</summary>
    public static FuzzRequest Fill(FuzzRequest request, IReadOnlyDictionary<string, string> ids)
    {
        if (!request.Path.Contains("{fixture-", StringComparison.Ordinal)) return request;
        string path = request.Path;
        foreach (var (placeholder, _, _) in Made)
            path = path.Replace(placeholder, ids.GetValueOrDefault(placeholder, "missing"), StringComparison.Ordinal);
        return request with { Path = path };
    }
}
