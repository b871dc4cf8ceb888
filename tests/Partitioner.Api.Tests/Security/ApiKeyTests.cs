using System.Net;
using System.Net.Http.Headers;

namespace Partitioner.Api.Tests.Security;

public sealed class ApiKeyApp() : ApiFactory(new() { ["ApiKey"] = ApiKeyTests.Key });

/// <summary>With Partitioner:ApiKey set, the API and OGC endpoints need the key; the page, the documents and health do not.</summary>
public sealed class ApiKeyTests(ApiKeyApp app) : IClassFixture<ApiKeyApp>
{
    public const string Key = "test-key-0123456789abcdef";
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/v1/datasets")]
    [InlineData("/v1/jobs/0")]
    [InlineData("/ogc/collections")]
    public async Task Without_the_key_the_api_answers_401(string path)
    {
        var response = await _client.GetAsync(path);
        var problem = await response.Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", (string)problem["detail"]!);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_right_one_accepted_in_either_header()
    {
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/datasets");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(wrong)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/v1/datasets");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(bearer)).StatusCode);

        using var header = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections");
        header.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(header)).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/")]
    [InlineData("/openapi/v1.json")]
    public async Task The_page_documents_and_health_need_no_key(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(path)).StatusCode);
}
