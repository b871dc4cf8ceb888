using System.Globalization;
using System.Text;

namespace Partitioner.Fuzz;

/// <summary>What a run found: every outcome, whether the server survived, its peak memory and error log, and the verdict.</summary>
public sealed record FuzzReport(
    FuzzSettings Settings, IReadOnlyList<FuzzOutcome> Outcomes, TimeSpan Elapsed, bool ServerAlive, int? ExitCode, string? FinalChecks,
    long PeakRssBytes, int ServerErrorLogLines, IReadOnlyList<string> JobFaults, string ServerLog)
{
    /// <summary>Answers of the requests the generators made (not the harness's own cleanup and final checks).</summary>
    public IEnumerable<FuzzOutcome> Generated => Outcomes.Where(o => !o.Request.Shape.StartsWith("cleanup/", StringComparison.Ordinal));

    public IReadOnlyList<FuzzOutcome> ServerErrors => Outcomes.Where(o => o.IsServerError).ToList();
    public IReadOnlyList<FuzzOutcome> Hangs => Outcomes.Where(o => o.IsHang).ToList();
    public IReadOnlyList<FuzzOutcome> Unanswered => Outcomes.Where(o => o.NoAnswer && o.Failure != "stopped").ToList();

    /// <summary>Refusals (4xx) by the application that are not a problem document naming what is wrong.</summary>
    public IReadOnlyList<FuzzOutcome> BareRefusals => Outcomes.Where(o => o.Status is >= 400 and < 500 && !FuzzRun.IsProblemDocument(o) && !ByWebServer(o)).ToList();

    /// <summary>
    /// Refusals by the web server before the application sees the request: Kestrel's own checks of the request line
    /// (a NUL in the path, a URL over 8 KB: 400, 414 with no body) and host filtering (400, text/html).
    /// </summary>
    public IReadOnlyList<FuzzOutcome> WebServerRefusals => Outcomes.Where(ByWebServer).ToList();

    private static bool ByWebServer(FuzzOutcome o) =>
        o.Status is 400 or 414 or 431 && (o.ContentType is null or "text/html") && !FuzzRun.IsProblemDocument(o);

    /// <summary>The largest refusal: a problem document must stay small whatever the input (it lists at most 100 problems).</summary>
    public FuzzOutcome? LargestRefusal => Outcomes.Where(o => o.Status is >= 400 and < 500).MaxBy(o => o.BodyBytes);

    public bool Crashed => !ServerAlive;

    public bool OverMemoryBound => Settings.MaxPeakRssBytes is { } bound && PeakRssBytes > bound;

    /// <summary>
    /// Passed: no 5xx, no hang, no unanswered request, the server alive, no error logged, no job failed by the service's
    /// fault, every refusal by the application a problem document, memory within the bound.
    /// </summary>
    public bool Passed => ServerErrors.Count == 0 && Hangs.Count == 0 && Unanswered.Count == 0 && !Crashed && ServerErrorLogLines == 0 && JobFaults.Count == 0
        && BareRefusals.Count == 0 && !OverMemoryBound;

    public string Summary()
    {
        var sb = new StringBuilder();
        var all = Outcomes;
        int generated = Generated.Count();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Requests: {generated:N0} generated (+{all.Count - generated:N0} cleanup) in {Elapsed.TotalSeconds:0.0} s, {all.Count / Math.Max(Elapsed.TotalSeconds, 0.001):0.0}/s; seed {Settings.Seed}, concurrency {Settings.Concurrency}, hang limit {Settings.HangLimit.TotalSeconds:0} s");
        sb.AppendLine("Status codes: " + string.Join(", ", all.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "none" : g.Key.ToString(CultureInfo.InvariantCulture))} ×{g.Count():N0}")));
        sb.AppendLine("By kind:");
        foreach (var kind in all.GroupBy(o => Kind(o.Request.Shape)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var statuses = string.Join(", ", kind.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));
            int shapes = kind.Select(o => o.Request.Shape).Distinct().Count();
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {kind.Key,-10} {kind.Count(),6:N0}: {statuses}; {shapes} shapes");
        }
        var times = all.Where(o => o.Status > 0).Select(o => o.Elapsed.TotalMilliseconds).Order().ToArray();
        if (times.Length > 0)
        {
            var slowest = all.Where(o => o.Status > 0).MaxBy(o => o.Elapsed)!;
            sb.AppendLine(CultureInfo.InvariantCulture, $"Latency: p50 {Pct(times, 0.50):0} ms, p95 {Pct(times, 0.95):0} ms, p99 {Pct(times, 0.99):0} ms, max {times[^1]:0} ms ({slowest.Request.Shape} → {slowest.Status})");
        }
        string state = ServerAlive ? "alive" : "DEAD (exit code " + (ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?") + ")";
        string checks = FinalChecks is null ? "" : " (" + FinalChecks + ")";
        string bound = Settings.MaxPeakRssBytes is { } b ? string.Create(CultureInfo.InvariantCulture, $" (bound {b / (1024 * 1024)} MB)") : "";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Server: {state}{checks}; peak RSS {PeakRssBytes / (1024.0 * 1024):0} MB{bound}; error log lines {ServerErrorLogLines}");
        List("5xx", ServerErrors, sb);
        List("Hangs", Hangs, sb);
        List("No answer", Unanswered, sb);
        List("4xx without a problem document", BareRefusals, sb);
        sb.AppendLine(CultureInfo.InvariantCulture, $"Refused by the web server before the application (Kestrel's request-line checks, host filtering): {WebServerRefusals.Count}");
        if (LargestRefusal is { } largest)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Largest refusal: {largest.BodyBytes:N0} bytes ({largest.Request.Shape} → {largest.Status})");
        if (JobFaults.Count > 0) sb.AppendLine($"Jobs failed by the service: {JobFaults.Count}\n  " + string.Join("\n  ", JobFaults.Take(10)));
        if (!Passed && (ServerErrorLogLines > 0 || Crashed)) sb.AppendLine("Server log (last lines):\n" + Tail(ServerLog, 60));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Verdict: {(Passed ? "PASS" : "FAIL")} — {ServerErrors.Count} × 5xx, {(Crashed ? 1 : 0)} crash, {Hangs.Count} hangs, {Unanswered.Count} unanswered, {ServerErrorLogLines} error log lines, {JobFaults.Count} job faults, {BareRefusals.Count} refusals without a problem document{(OverMemoryBound ? ", peak RSS over the bound" : "")}");
        return sb.ToString();
    }

    private static void List(string title, IReadOnlyList<FuzzOutcome> items, StringBuilder sb)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"{title}: {items.Count}");
        foreach (var g in items.GroupBy(o => o.Request.Shape).OrderByDescending(g => g.Count()).Take(25))
        {
            var first = g.First();
            var body = (first.BodyStart ?? first.Failure ?? "").ReplaceLineEndings(" ");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ×{g.Count()} {first.Request.Method} {Cut(first.Request.Path, 70)} [{first.Request.Shape}] {first.Request.Length:N0} B → {first.Status} in {first.Elapsed.TotalMilliseconds:0} ms: {Cut(body, 200)}");
        }
    }

    private static string Kind(string shape) => shape.IndexOf('/') is var at and > 0 ? shape[..at] : shape;
    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    private static string Cut(string s, int n) => s.Length <= n ? s : s[..n] + "…";
    private static string Tail(string log, int lines) => string.Join('\n', log.Split('\n').TakeLast(lines));
}
