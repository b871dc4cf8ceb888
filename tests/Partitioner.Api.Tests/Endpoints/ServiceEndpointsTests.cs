using System.Net;

namespace Partitioner.Api.Tests.Endpoints;

public sealed class ServiceApp : ApiFactory;

public sealed class ServiceEndpointsTests(ServiceApp app) : IClassFixture<ServiceApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Liveness_and_readiness_are_healthy_when_the_database_and_workers_are_up()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.ReadJson();
        Assert.Equal("healthy", (string)body["status"]!);
        Assert.Equal(2, (int)body["checks"]!["ready"]!["data"]!["workers_running"]!);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_and_the_options()
    {
        var doc = await (await _client.GetAsync("/openapi/v1.json")).ReadJson();
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/consortia", "/v1/jobs/{id}/practices", "/v1/jobs/{id}/report", "/v1/solve", "/v1/evaluations", "/v1/datasets", "/v1/datasets/{name}/practices" })
            Assert.True(paths.ContainsKey(path), $"missing {path}");
        Assert.False(string.IsNullOrWhiteSpace((string?)paths["/v1/jobs"]!["post"]!["summary"]));
        var options = doc["components"]!["schemas"]!["PlanningOptions"]!["properties"]!;
        Assert.Contains("100000", (string)options["min"]!["description"]!);
        Assert.NotNull(options["time_limit_seconds"]);
    }

    [Fact]
    public async Task The_interactive_docs_page_is_served()
    {
        var response = await _client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await (await _client.GetAsync("/v1/nothing-here")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_carries_worked_request_examples()
    {
        var doc = await (await _client.GetAsync("/openapi/v1.json")).ReadJson();
        var example = doc["paths"]!["/v1/jobs"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("region", (string)example["dataset"]!);
        Assert.NotNull(doc["paths"]!["/v1/jobs/{id}"]!["get"]!["responses"]!["404"]);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem_with_a_detail()
    {
        var problem = await (await _client.PutAsync("/v1/solve", null)).Problem(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("PUT", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_wrong_media_type_problem_says_what_to_send()
    {
        var response = await _client.PostAsync("/v1/evaluations", new StringContent("<x/>", System.Text.Encoding.UTF8, "application/xml"));
        var problem = await response.Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/csv", (string)problem["detail"]!);
    }
}
