using System.Text.Json.Nodes;

namespace Partitioner.Api.Jobs;

/// <summary>A job a worker is running: its cancellation and its latest progress, shared with the endpoints.</summary>
public sealed class RunningJob(string id, CancellationToken stopping) : IDisposable
{
    private volatile bool _cancelRequested;
    private readonly List<JsonObject?> _finished = [];
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    /// <summary>The service's shutdown token.</summary>
    public CancellationToken Stopping { get; } = stopping;
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Latest progress of the item being run, as its JSON (null before its first report).</summary>
    public JsonObject? Progress { get; set; }

    /// <summary>What the worker is doing ("reading practices", "waiting for memory", "building geography", "solving", "writing results").</summary>
    public string Phase { get; set; } = "starting";

    /// <summary>How many work items (seeds) the job has.</summary>
    public int Items { get; set; } = 1;

    /// <summary>True once a user asked to cancel (as opposed to the service shutting down).</summary>
    public bool CancelRequested => _cancelRequested;

    /// <summary>Records an item's final progress and starts the next item's from nothing.</summary>
    public void ItemDone(JsonObject? finalProgress)
    {
        lock (_gate) _finished.Add(finalProgress);
        Progress = null;
    }

    /// <summary>The job's progress now: the running item's, with the finished items' when there are several.</summary>
    public JsonObject ProgressNow()
    {
        var current = Progress?.DeepClone() as JsonObject;
        if (current is not null) current["phase"] = Phase;
        List<JsonObject?> reports;
        lock (_gate) reports = [.. _finished];
        if (Items == 1)
            return current ?? new JsonObject { ["phase"] = Phase, ["elapsed_seconds"] = Math.Round((DateTimeOffset.UtcNow - Started).TotalSeconds, 3) };
        int done = reports.Count;
        reports.Add(current);
        return ProgressJson.Combine(reports, Items, done, Phase, (DateTimeOffset.UtcNow - Started).TotalSeconds);
    }

    public void RequestCancel()
    {
        _cancelRequested = true;
        try { Cancellation.Cancel(); } catch (ObjectDisposedException) { }
    }

    public void Dispose() => Cancellation.Dispose();
}
