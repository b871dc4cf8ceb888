using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Partitioner.Fuzz.Generators;

namespace Partitioner.Fuzz;

/// <summary>
/// One fuzzing run: starts the service on 127.0.0.1, sends the generated requests with a bounded concurrency until the
/// count or the time budget is reached (or the server dies), cancels most jobs it got accepted, samples the server's
/// memory, then checks the server is still alive and answering. Before the first request it makes a sweep, an
/// ensemble and a job of its own (<see cref="Fixtures"/>) for the requests that read or test them. Everything it talks to is the server it started.
/// </summary>
public static class FuzzRun
{
    private const int KeptBodyBytes = 600;

    public static async Task<FuzzReport> RunAsync(FuzzSettings settings, TextWriter progress, CancellationToken ct = default)
    {
        var serverSettings = new Dictionary<string, string>(settings.ServerSettings)
        {
            ["MaxBodyBytes"] = settings.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        serverSettings.TryAdd("Workers", "1");
        using var server = await FuzzServer.StartAsync(settings.ApiDll, serverSettings, TimeSpan.FromSeconds(60));
        progress.WriteLine($"fuzz: service pid {server.ProcessId} at {server.Address}; seed {settings.Seed}, requests {settings.First}..{settings.First + settings.Count - 1}, " +
            $"concurrency {settings.Concurrency}, hang limit {settings.HangLimit.TotalSeconds:0} s, time budget {settings.TimeBudget.TotalSeconds:0} s");

        var outcomes = new ConcurrentBag<FuzzOutcome>();
        var keptJobs = new ConcurrentBag<string>();
        var inFlight = new ConcurrentDictionary<int, FuzzRequest>();
        long peakSampled = 0;
        int next = -1;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A large body is sent with "Expect: 100-continue" (below). The client's default wait for the go-ahead is 1 s, after
        // which it uploads anyway: on a busy machine a refusal by size (413, connection closed) then met a body still being
        // sent and the answer was lost (seed 1128, load average 6). It waits as long as for any answer instead.
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = settings.Concurrency * 2 + 4,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), Expect100ContinueTimeout = settings.HangLimit,
        };
        using var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };

        // The run's own finished sweep, ensemble and job, whose ids the layer generators' paths ask for.
        var (fixtures, fixtureFaults) = await Fixtures.MakeAsync(client, settings.HangLimit, progress, ct);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (server.Memory().Current is { } rss) InterlockedMax(ref peakSampled, rss);
                try { await Task.Delay(200, stop.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);

        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= settings.Count || clock.Elapsed > settings.TimeBudget) return;
                if (server.HasExited) { stop.Cancel(); return; }
                int index = settings.First + i;
                var request = Fixtures.Fill(RequestMix.Build(settings.Seed, index, settings.MaxBodyBytes), fixtures);
                inFlight[index] = request;
                var outcome = await SendAsync(client, request, settings.HangLimit, stop.Token);
                inFlight.TryRemove(index, out _);
                outcomes.Add(outcome);
                if (outcome.NoAnswer && server.HasExited)
                {
                    progress.WriteLine($"fuzz: the service exited ({server.ExitCode}) during request {index} [{request.Shape}]; in flight: {string.Join("; ", inFlight.Select(f => $"{f.Key} [{f.Value.Shape}]"))}");
                    stop.Cancel();
                    return;
                }
                if (outcome.Status == 202 && outcome.BodyStart is not null && JobLocation(outcome.BodyStart) is { } job)
                {
                    if (index % settings.KeepEveryNthJob == 0) keptJobs.Add(job);
                    else outcomes.Add(await SendAsync(client, new FuzzRequest("cleanup/DELETE an accepted job", HttpMethod.Delete, job), settings.HangLimit, stop.Token));
                }
                int done = outcomes.Count;
                if (done % 1000 == 0) progress.WriteLine($"fuzz: {done} answers after {clock.Elapsed.TotalSeconds:0} s; rss {server.Memory().Current / (1024 * 1024)} MB");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(Worker, CancellationToken.None)));
        var elapsed = clock.Elapsed;

        // The server must still be alive and serving, and the jobs left to run must not have failed by the service's fault.
        bool alive = !server.HasExited;
        string? health = null;
        var jobFaults = new List<string>(fixtureFaults);
        if (alive)
        {
            var ready = await SendAsync(client, new FuzzRequest("final/health", HttpMethod.Get, "/health/ready"), settings.HangLimit, CancellationToken.None);
            var datasets = await SendAsync(client, new FuzzRequest("final/datasets", HttpMethod.Get, "/v1/datasets"), settings.HangLimit, CancellationToken.None);
            health = $"/health/ready {ready.Status}, /v1/datasets {datasets.Status}";
            alive = !server.HasExited && ready.Status == 200 && datasets.Status == 200;
            foreach (var job in keptJobs)
            {
                var status = await SendAsync(client, new FuzzRequest("final/job", HttpMethod.Get, job), settings.HangLimit, CancellationToken.None);
                if (status.BodyStart is { } body && body.Contains("failed unexpectedly", StringComparison.Ordinal) || status.BodyStart?.Contains("service failed", StringComparison.Ordinal) == true)
                    jobFaults.Add($"{job}: {status.BodyStart}");
                if (status.Status == 200 && status.BodyStart?.Contains("\"running\"", StringComparison.Ordinal) == true)
                    await SendAsync(client, new FuzzRequest("final/cancel", HttpMethod.Delete, job), settings.HangLimit, CancellationToken.None);
            }
        }
        stop.Cancel();
        await sampler;
        var (_, peak) = server.Memory();
        return new FuzzReport(settings, [.. outcomes], elapsed, alive, server.HasExited ? server.ExitCode : null, health,
            peak ?? Interlocked.Read(ref peakSampled), server.ErrorLines, jobFaults, server.Log);
    }

    /// <summary>A run whose progress lines and summary are kept as text: the report, and that text to show or fail with.</summary>
    public static async Task<(FuzzReport Report, string Text)> RunToTextAsync(FuzzSettings settings)
    {
        var log = new StringWriter();
        var report = await RunAsync(settings, log);
        return (report, log + report.Summary());
    }

    private static async Task<FuzzOutcome> SendAsync(HttpClient client, FuzzRequest request, TimeSpan hangLimit, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            // A large body waits for the server's go-ahead, so a refusal by size is read rather than cut off mid-upload.
            if (request.Body.Length > 1024 * 1024) message.Headers.ExpectContinue = true;
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) message.Headers.Host = value;
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(hangLimit);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var (start, length) = await ReadStartAsync(response, timeout.Token);
            string? location = response.Headers.Location?.ToString();
            return new FuzzOutcome(request, (int)response.StatusCode, clock.Elapsed, null, response.Content.Headers.ContentType?.MediaType,
                (int)response.StatusCode is 202 && location is not null ? "Location: " + location : start, length);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FuzzOutcome(request, 0, clock.Elapsed, FuzzOutcome.Hang);
        }
        catch (OperationCanceledException)
        {
            return new FuzzOutcome(request, 0, clock.Elapsed, "stopped");
        }
        catch (HttpRequestException e)
        {
            return new FuzzOutcome(request, 0, clock.Elapsed, "no answer: " + e.Message);
        }
        catch (IOException e)
        {
            return new FuzzOutcome(request, 0, clock.Elapsed, "no answer: " + e.Message);
        }
    }

    /// <summary>The first bytes of the answer as text and its whole length (the rest is read and dropped).</summary>
    private static async Task<(string Start, long Length)> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[81920];
        int kept = 0, read;
        long length = 0;
        var start = new byte[KeptBodyBytes];
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            length += read;
            int take = Math.Min(read, KeptBodyBytes - kept);
            if (take > 0) { Array.Copy(buffer, 0, start, kept, take); kept += take; }
        }
        return (System.Text.Encoding.UTF8.GetString(start, 0, kept), length);
    }

    private static string? JobLocation(string bodyStart) =>
        bodyStart.StartsWith("Location: ", StringComparison.Ordinal) ? bodyStart["Location: ".Length..] : null;

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    /// <summary>True when a 4xx body is a problem document with a detail (what is wrong), as every refusal must be.</summary>
    internal static bool IsProblemDocument(FuzzOutcome o)
    {
        if (o.ContentType != "application/problem+json" || o.BodyStart is null) return false;
        // Only the start of a long answer is kept, so a document cut short is judged by its detail member.
        try { return JsonNode.Parse(o.BodyStart)?["detail"] is JsonValue v && v.TryGetValue<string>(out var d) && d.Length > 0; }
        catch (System.Text.Json.JsonException) { return o.BodyStart.Contains("\"detail\":\"", StringComparison.Ordinal); }
    }
}
