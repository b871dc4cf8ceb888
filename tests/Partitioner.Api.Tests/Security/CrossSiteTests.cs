using System.Net;
using System.Text;

namespace Partitioner.Api.Tests.Security;

public sealed class CrossSiteApp : ApiFactory;

/// <summary>What a web page on another site, or a DNS-rebinding attack, could make a browser send is refused.</summary>
public sealed class CrossSiteTests(CrossSiteApp app) : IClassFixture<CrossSiteApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private static HttpContent Body(string text, string type)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nregion\r\n--x--\r\n")]
    [InlineData("application/x-www-form-urlencoded", "dataset=region")]
    [InlineData("text/plain", "{\"dataset\":\"region\"}")]
    public async Task A_form_post_without_the_intent_header_is_refused_with_403(string type, string body)
    {
        foreach (var path in new[] { "/v1/jobs", "/v1/solve", "/v1/evaluations", "/v1/localities/R06" })
        {
            var problem = await (await _client.PostAsync(path, Body(body, type))).Problem(HttpStatusCode.Forbidden);
            Assert.Contains("X-Partitioner-Request", (string)problem["detail"]!);
        }
    }

    [Fact]
    public async Task The_same_form_with_the_intent_header_is_read()
    {
        var content = Body("--x\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nregion\r\n--x\r\nContent-Disposition: form-data; name=\"options\"\r\n\r\n{\"max_steps\":100,\"restarts\":1}\r\n--x--\r\n", "multipart/form-data; boundary=x");
        content.Headers.TryAddWithoutValidation("X-Partitioner-Request", "1");
        var response = await _client.PostAsync("/v1/jobs", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.DeleteAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_json_post_needs_no_header_but_a_foreign_origin_is_refused()
    {
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = TestData.Json(TestData.GridRequest()) };
        foreign.Headers.Add("Origin", "http://evil.example");
        var problem = await (await _client.SendAsync(foreign)).Problem(HttpStatusCode.Forbidden);
        Assert.Contains("another site", (string)problem["detail"]!);

        using var own = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = TestData.Json(TestData.GridRequest()) };
        own.Headers.Add("Origin", _client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var response = await _client.SendAsync(own);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _client.DeleteAsync(response.Headers.Location);
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused()
    {
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/v1/datasets");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(rebound)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v1/datasets")).StatusCode);
    }

    [Fact]
    public async Task Readiness_reveals_no_path()
    {
        var text = await (await _client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(app.DatabasePath, text);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), text);
        Assert.Contains("workers_running", text);
    }
}
