using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

// Latency of the HTTP API on 127.0.0.1: POST /v1/evaluations of all England (CSV, grouped by CCG) and
// POST /v1/solve of the 300-practice regional sample. Starts the API as a process unless --url is given.
//   dotnet run -c Release --project tools/Partitioner.Bench.Api -- [--runs 5] [--url http://127.0.0.1:5080] [--csv path]

int runs = 5;
string? url = null;
string? csvPath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--url": url = args[++i].TrimEnd('/'); break;
        case "--csv": csvPath = args[++i]; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}. Use --runs N, --url URL, --csv PATH."); return 2;
    }
}

var repo = FindRepository();
csvPath ??= new[]
{
    Environment.GetEnvironmentVariable("PARTITIONER_REAL_PRACTICES"),
    "/work/shared/data/real/practices/gp_practices_england_2014_15.csv",
    repo is null ? null : Path.Combine(repo, "..", "shared", "data", "real", "practices", "gp_practices_england_2014_15.csv"),
}.FirstOrDefault(p => p is not null && File.Exists(p));
string csvLabel;
byte[] csv;
if (csvPath is not null)
{
    csv = File.ReadAllBytes(csvPath);
    csvLabel = $"real England 2014/15 ({Path.GetFileName(csvPath)}, {csv.Length / 1024:N0} KiB)";
}
else
{
    var synthetic = Path.Combine(repo ?? ".", "data", "england", "practices.csv");
    csv = File.ReadAllBytes(synthetic);
    csvLabel = $"synthetic England (data/england/practices.csv; the real file was not found)";
}

Process? server = null;
var database = Path.Combine(Path.GetTempPath(), $"partitioner-bench-{Guid.NewGuid():N}.db");
try
{
    if (url is null)
    {
        int port = FreePort();
        url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll"), "--urls", url }) start.ArgumentList.Add(a);
        start.Environment["Partitioner__DatabasePath"] = database;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (repo is not null) start.Environment["Partitioner__DataDirectory"] = Path.Combine(repo, "data");
        server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        Console.WriteLine($"Started Partitioner.Api at {url} (database {database}).");
    }

    using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
    await WaitReady(client);
    Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} measured runs after 1 warm-up.");
    Console.WriteLine();

    await Measure($"POST /v1/evaluations, {csvLabel}, group_by=ccg_code, all three documents", runs, () =>
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return client.PostAsync("/v1/evaluations?group_by=ccg_code", content);
    });
    await Measure($"POST /v1/evaluations, same, ?layer=report only", runs, () =>
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return client.PostAsync("/v1/evaluations?group_by=ccg_code&layer=report", content);
    });
    const string solve = """{"dataset": "region", "options": {"min": 100000, "max": 300000, "seed": 1}}""";
    await Measure("POST /v1/solve, region (300 practices), 100k–300k, default steps (4 restarts × 120,000)", runs, () =>
        client.PostAsync("/v1/solve", new StringContent(solve, Encoding.UTF8, "application/json")));
    const string balanced = """{"dataset": "region", "options": {"min": 100000, "max": 300000, "balance": "deprivation=0.15", "seed": 1, "mode": "best_effort"}}""";
    await Measure("POST /v1/solve, region, 100k–300k, deprivation ±15%, best effort", runs, () =>
        client.PostAsync("/v1/solve", new StringContent(balanced, Encoding.UTF8, "application/json")));
    return 0;
}
finally
{
    if (server is { HasExited: false }) { server.Kill(entireProcessTree: true); server.WaitForExit(5000); }
    foreach (var suffix in new[] { "", "-wal", "-shm" }) try { File.Delete(database + suffix); } catch (IOException) { }
}

static async Task Measure(string name, int runs, Func<Task<HttpResponseMessage>> send)
{
    Console.WriteLine(name);
    var times = new List<double>();
    long bytes = 0;
    for (int r = 0; r <= runs; r++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Console.WriteLine($"  failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400))}");
            return;
        }
        bytes = body.Length;
        if (r > 0) times.Add(clock.Elapsed.TotalMilliseconds);
        else Console.WriteLine($"  warm-up {clock.Elapsed.TotalMilliseconds:N0} ms");
    }
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  median {P(0.5):N0} ms   p95 {P(0.95):N0} ms   min {times[0]:N0} ms   max {times[^1]:N0} ms   response {bytes / 1024.0:N0} KiB"));
    Console.WriteLine();
}

static async Task WaitReady(HttpClient client)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        try { if ((await client.GetAsync("/health/live")).IsSuccessStatusCode) return; }
        catch (HttpRequestException) { }
        if (DateTime.UtcNow > deadline) throw new TimeoutException("The API did not start within 60 s.");
        await Task.Delay(200);
    }
}

static string? FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Partitioner.sln"))) return dir.FullName;
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Partitioner.sln"))) return dir.FullName;
    return null;
}

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}
