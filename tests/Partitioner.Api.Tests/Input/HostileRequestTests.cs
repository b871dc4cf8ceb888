using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Tests.Input;

public sealed class HostileRequestApp : ApiFactory;

/// <summary>
/// Malformed requests the fuzzing found (deep nesting, duplicate names, lone surrogates, odd multipart bodies, conflicting
/// query forms) are refused with a 4xx problem document that names what is wrong; nothing echoes input it cannot write.
/// </summary>
public sealed class HostileRequestTests(HostileRequestApp app) : IClassFixture<HostileRequestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private Task<HttpResponseMessage> PostJson(string json, string path = "/v1/jobs") =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100_000)]
    public async Task Json_nested_too_deep_is_a_400_naming_the_depth_and_the_place(int depth)
    {
        var problem = await (await PostJson($"{{\"dataset\":\"region\",\"options\":{{\"objective\":{Nested(depth)}}}}}")).Problem(HttpStatusCode.BadRequest);
        var error = problem["errors"]![0]!;
        Assert.Contains("nested more than 32 levels", (string)error["message"]!);
        Assert.StartsWith("$.options.objective", (string)error["field"]!);
    }

    [Fact]
    public async Task Json_nested_within_the_limit_but_deep_in_a_mapping_is_refused_by_what_it_is_not_by_a_fault()
    {
        var problem = await (await PostJson($"{{\"dataset\":\"region\",\"mapping\":{{\"N00001\":{Nested(30)}}}}}", "/v1/evaluations")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("consortium", (string)problem["errors"]![0]!["field"]!);
        Assert.Equal("a list of 1 item", (string)problem["errors"]![0]!["value"]!);
    }

    [Theory]
    [InlineData("{\"dataset\":\"region\",\"dataset\":\"england\"}", "$.dataset")]
    [InlineData("{\"dataset\":\"region\",\"options\":{\"min\":100000,\"min\":1}}", "$.options.min")]
    [InlineData("{\"dataset\":\"region\",\"mapping\":{\"N00001\":\"A\",\"N00001\":\"B\"}}", "$.mapping.N00001")]
    public async Task A_member_given_twice_is_a_400_naming_it(string json, string field)
    {
        var problem = await (await PostJson(json, "/v1/evaluations")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(field, (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("given twice", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task A_member_given_twice_in_another_case_is_a_400()
    {
        var problem = await (await PostJson("{\"dataset\":\"region\",\"options\":{\"Min\":1,\"min\":100000}}")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("given twice", (string)problem["errors"]![0]!["message"]!);
    }

    [Theory]
    [InlineData("{\"dataset\":\"\\ud800\"}")]
    [InlineData("{\"dataset\":\"region\",\"options\":{\"mode\":\"abc\\ud83d\"}}")]
    [InlineData("{\"dataset\":\"region\",\"options\":{\"\\udc00\":1}}")]
    [InlineData("{\"dataset\":\"region\",\"group_by\":\"ccg_code\",\"mapping\":{\"N00001\":\"\\ud800\\ud800\"}}")]
    public async Task An_escaped_lone_surrogate_is_a_400_not_a_fault(string json)
    {
        var problem = await (await PostJson(json, "/v1/evaluations")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("not valid Unicode", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_a_400()
    {
        var body = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"dataset\":\"re"), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("gion\"}")]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var problem = await (await _client.PostAsync("/v1/jobs", body)).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("(encoding)", (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task Comments_in_a_json_body_are_tolerated()
    {
        var response = await PostJson("// the bundled region\n{\"dataset\":\"region\", /* rules */ \"options\":{\"max_steps\":200,\"restarts\":1}}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _client.DeleteAsync(response.Headers.Location);
    }

    [Fact]
    public async Task An_object_with_more_members_than_any_request_needs_is_a_400()
    {
        var members = string.Join(",", Enumerable.Range(0, 20_001).Select(i => $"\"x{i}\":1"));
        var problem = await (await PostJson($"{{\"dataset\":\"region\",\"options\":{{{members}}}}}")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("more than 20,000 members", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task Thousands_of_field_mappings_are_refused_before_any_is_mapped()
    {
        var fields = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"f{i}\":\"c\""));
        var problem = await (await PostJson($"{{\"dataset\":\"region\",\"options\":{{\"fields\":{{{fields}}}}}}}")).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("fields", (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("at most 16", (string)problem["errors"]![0]!["message"]!);
    }

    [Theory]
    [InlineData("/v1/solve")]
    [InlineData("/v1/jobs")]
    public async Task A_proof_of_an_area_too_large_for_exact_mode_is_a_400_before_any_work(string path)
    {
        var problem = await (await PostJson("{\"dataset\":\"region\",\"options\":{\"exact\":true,\"max_steps\":100}}", path)).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("exact", (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("up to 250 practices; this one has 300", (string)problem["errors"]![0]!["message"]!);
    }

    [Fact]
    public async Task An_eight_million_character_group_by_is_refused_before_any_practice_is_read()
    {
        var problem = await (await PostJson($"{{\"dataset\":\"region\",\"group_by\":\"{new string('g', 8_000_000)}\"}}", "/v1/evaluations")).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("at most 200", (string)problem["errors"]![0]!["message"]!);
        Assert.True(problem.ToJsonString().Length < 2_000);
    }

    [Fact]
    public async Task A_long_value_is_quoted_short()
    {
        var problem = await (await PostJson($"{{\"dataset\":\"{new string('a', 100_000)}\"}}")).Problem(HttpStatusCode.BadRequest);
        var value = (string)problem["errors"]![0]!["value"]!;
        Assert.True(value.Length <= 201, $"the value quoted is {value.Length} characters");
    }

    [Theory]
    [InlineData("?objective=1&spread=2", "objective")]
    [InlineData("?spread=2&objective=1", "objective")]
    [InlineData("?min=1&min=2", "min")]
    [InlineData("?locks=T001=A,T001=B", "locks.T001")]
    [InlineData("?options=%7B%22min%22%3A%22%5Cud800%22%7D", "$.min")]
    public async Task Conflicting_or_broken_query_options_are_a_400_naming_the_parameter(string query, string field)
    {
        var body = new StringContent(TestData.GridCsv(), Encoding.UTF8, "text/csv");
        var problem = await (await _client.PostAsync("/v1/jobs" + query, body)).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(field, (string)problem["errors"]![0]!["field"]!);
    }

    [Fact]
    public async Task A_csv_whose_every_row_is_wrong_lists_100_problems_and_counts_the_rest()
    {
        var csv = new StringBuilder("practice_code,lat,lon,list_size\n");
        for (int i = 0; i < 500; i++) csv.Append(CultureInfo(i)).Append(",53.8,-1.6,NaN\n");
        var problem = await (await _client.PostAsync("/v1/jobs", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(100, problem["errors"]!.AsArray().Count);
        Assert.Equal(400, (int)problem["not_listed"]!);
        Assert.Contains("500 problems", (string)problem["detail"]!);
    }

    private static string CultureInfo(int i) => "P" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ByteArrayContent Form(string boundary, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        content.Headers.TryAddWithoutValidation("X-Partitioner-Request", "1");
        return content;
    }

    private static string Part(string boundary, string name, string content) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{content}\r\n";

    [Fact]
    public async Task A_multipart_boundary_of_70_characters_is_read_and_of_71_refused()
    {
        var ok = new string('b', 70);
        var response = await _client.PostAsync("/v1/jobs", Form(ok, Part(ok, "practices", TestData.GridCsv()) + Part(ok, "options", "{\"max_steps\":200,\"restarts\":1,\"min\":50000,\"max\":100000}") + $"--{ok}--\r\n"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _client.DeleteAsync(response.Headers.Location);

        var tooLong = new string('b', 71);
        var problem = await (await _client.PostAsync("/v1/jobs", Form(tooLong, Part(tooLong, "practices", TestData.GridCsv()) + $"--{tooLong}--\r\n"))).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("boundary", (string)problem["errors"]![0]!["field"]!);
        Assert.Contains("at most 70", (string)problem["errors"]![0]!["message"]!);
    }

    [Theory]
    [InlineData("", "incomplete")]
    [InlineData("--b--\r\n", "No practices")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"practices\"\r\n\r\npractice_code,lat", "incomplete")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"practices\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\ny\r\n--b--\r\n", "Unknown form part")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"practices\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"practices\"\r\n\r\ny\r\n--b--\r\n", "twice")]
    [InlineData("--b\r\nContent-Type: text/csv\r\n\r\nx\r\n--b--\r\n", "Content-Disposition")]
    public async Task Odd_multipart_bodies_are_a_400_naming_the_part(string body, string expected)
    {
        var problem = await (await _client.PostAsync("/v1/solve", Form("b", body))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.ToJsonString());
    }

    [Fact]
    public async Task A_form_of_many_parts_is_refused_at_the_sixth()
    {
        var body = new StringBuilder(Part("b", "practices", TestData.GridCsv()));
        for (int i = 0; i < 1_000; i++) body.Append(Part("b", "options", "{}"));
        var problem = await (await _client.PostAsync("/v1/solve", Form("b", body.Append("--b--\r\n").ToString()))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("twice", (string)problem["errors"]![0]!["message"]!);
        var parts = new StringBuilder();
        foreach (var name in new[] { "practices", "options", "dataset", "group_by", "mapping", "practices" }) parts.Append(Part("b", name, "x"));
        problem = await (await _client.PostAsync("/v1/solve", Form("b", parts.Append("--b--\r\n").ToString()))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("more than 5 parts", (string)problem["errors"]![0]!["message"]!);
    }
}
