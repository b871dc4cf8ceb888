using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Partitioner.Harness;

namespace Partitioner.Clients.Tests.Support;

/// <summary>
/// The real Partitioner.Api process on a free 127.0.0.1 port with a private SQLite file, plus one finished job on the
/// bundled "region" dataset (consortia, federations of at least 500,000 and support agencies of at least 1,000,000)
/// whose layers the client tests read. Builds nothing: the API is copied next to the tests
/// by the project reference, and started by the harness the other end-to-end tests use (<see cref="ServiceProcess"/>,
/// again on a new port when the one found free was taken). Shared by every test in <see cref="ServerCollection"/>;
/// killed at the end.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);

    private ServiceProcess? _server;

    /// <summary>A folder deleted with the fixture (database, downloads, converted files).</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("partitioner-clients-").FullName;

    /// <summary>e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The finished job, e.g. http://127.0.0.1:40123/v1/jobs/{id}.</summary>
    public string JobUrl { get; private set; } = "";

    public string ConsortiaUrl => JobUrl + "/consortia";
    public string PracticesUrl => JobUrl + "/practices";

    /// <summary>The job's GET /report document.</summary>
    public JsonNode Report { get; private set; } = new JsonObject();

    /// <summary>Consortia in the job's plan, from the report.</summary>
    public int ConsortiumCount => Report["summary"]!["consortia"]!.GetValue<int>();

    /// <summary>Practices in the job's plan (the sum over its consortia in the report).</summary>
    public int PracticeCount => Report["consortia"]!.AsArray().Sum(c => c!["practices"]!.GetValue<int>());

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>What the server wrote to stdout and stderr so far, for failure messages.</summary>
    public string ServerLog => _server?.Log ?? "";

    public async Task InitializeAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: the project reference to src/Partitioner.Api should copy it next to the tests.");

        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["Partitioner__DatabasePath"] = Path.Combine(Scratch, "partitioner.db"),
            ["Partitioner__DataDirectory"] = CopyData(),
        };
        // Ready, not only alive: the job below needs the datasets loaded.
        _server = await ServiceProcess.StartOnFreePortAsync(dll, environment, ReadyTimeout,
            arguments: ["--contentRoot", AppContext.BaseDirectory], readyPath: "/health/ready");
        BaseUrl = _server.Address.ToString().TrimEnd('/');
        await RunJobAsync();
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        Http.Dispose();
        try { Directory.Delete(Scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    /// <summary>Submits a job and waits until it finishes; returns its URL. Fails with the job status and server log otherwise.</summary>
    public async Task<string> RunJobAsync(JsonObject request)
    {
        using var response = await Http.PostAsJsonAsync($"{BaseUrl}/v1/jobs", request);
        return await WaitAsync(response, JobTimeout);
    }

    /// <summary>Submits practices as a body (e.g. CSV) with options in the query string and waits up to <paramref name="timeout"/>.</summary>
    public async Task<string> RunJobAsync(HttpContent practices, string query, TimeSpan timeout)
    {
        using var response = await Http.PostAsync($"{BaseUrl}/v1/jobs{query}", practices);
        return await WaitAsync(response, timeout);
    }

    private async Task<string> WaitAsync(HttpResponseMessage response, TimeSpan timeout)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /v1/jobs returned {(int)response.StatusCode}: {body}\n{ServerLog}");
        var location = response.Headers.Location ?? throw new InvalidOperationException($"POST /v1/jobs gave no Location header: {body}");
        var jobUrl = new Uri(new Uri(BaseUrl), location).ToString().TrimEnd('/');

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = JsonNode.Parse(await Http.GetStringAsync(jobUrl))!;
            var state = status["state"]?.GetValue<string>();
            if (state == "succeeded")
                return jobUrl;
            if (state is "failed" or "cancelled")
                Assert.Fail($"Job {jobUrl} {state}: {status.ToJsonString()}\n{ServerLog}");
            if (clock.Elapsed > timeout)
                Assert.Fail($"Job {jobUrl} still {state} after {timeout.TotalSeconds:0} s: {status.ToJsonString()}");
            await Task.Delay(250);
        }
    }

    private async Task RunJobAsync()
    {
        JobUrl = await RunJobAsync(new JsonObject
        {
            ["dataset"] = "region",
            ["options"] = new JsonObject
            {
                ["min"] = 100_000,
                ["max"] = 750_000,
                ["seed"] = 1,
                ["time_limit_seconds"] = 5,
                ["mode"] = "best_effort",
                ["federations"] = new JsonObject { ["min"] = 500_000 },
                ["agencies"] = new JsonObject { ["min"] = 1_000_000 },
            },
        });
        Report = JsonNode.Parse(await Http.GetStringAsync(JobUrl + "/report"))!;
    }

    /// <summary>Names of the councils bundled with the "region" dataset (data/region/councils.geojson).</summary>
    public static readonly string[] Councils = JsonNode.Parse(File.ReadAllText(Repository.Path("data", "region", "councils.geojson")))!["features"]!
        .AsArray().Select(f => (string)f!["properties"]!["name"]!).ToArray();

    /// <summary>The bundled datasets, copied, so the service's folder is its own.</summary>
    private string CopyData()
    {
        var data = Path.Combine(Scratch, "data");
        foreach (var dataset in Directory.GetDirectories(Repository.Path("data")))
        {
            var target = Directory.CreateDirectory(Path.Combine(data, Path.GetFileName(dataset))).FullName;
            foreach (var file in Directory.GetFiles(dataset)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return data;
    }
}

/// <summary>One server for all client tests; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "Partitioner server";
}
