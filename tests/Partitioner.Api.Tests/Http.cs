using System.Net;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests;

/// <summary>Small helpers over HttpClient for the JSON API.</summary>
public static class Http
{
    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null JSON");

    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)expected, (int)problem["status"]!);
        return problem;
    }

    /// <summary>Polls a job until it is finished (or the time is up) and returns its last status.</summary>
    public static async Task<JsonNode> WaitForJob(this HttpClient client, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = await response.ReadJson();
            var state = (string)status["state"]!;
            if (state is "succeeded" or "failed" or "cancelled") return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {location} still {state}: {status.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static async Task<(HttpResponseMessage Response, JsonNode Body)> Submit(this HttpClient client, HttpContent content, string path = "/v1/jobs")
    {
        var response = await client.PostAsync(path, content);
        return (response, await response.ReadJson());
    }
}

public static class HttpJson
{
    public static async Task<JsonNode> GetFromJson(this HttpClient client, string path) => await (await client.GetAsync(path)).ReadJson();
}
