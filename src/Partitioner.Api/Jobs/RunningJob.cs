using Partitioner.Core.Solving;

namespace Partitioner.Api.Jobs;

/// <summary>A job a worker is running: its cancellation and its latest progress, shared with the endpoints.</summary>
public sealed class RunningJob(string id, CancellationToken stopping) : IDisposable
{
    private volatile bool _cancelRequested;

    public string Id { get; } = id;

    /// <summary>The service's shutdown token.</summary>
    public CancellationToken Stopping { get; } = stopping;
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Latest progress from the solver (null before the first report).</summary>
    public SolveProgress? Progress { get; set; }

    /// <summary>What the worker is doing ("reading practices", "waiting for memory", "building geography", "solving", "writing results").</summary>
    public string Phase { get; set; } = "starting";

    /// <summary>True once a user asked to cancel (as opposed to the service shutting down).</summary>
    public bool CancelRequested => _cancelRequested;

    public void RequestCancel()
    {
        _cancelRequested = true;
        try { Cancellation.Cancel(); } catch (ObjectDisposedException) { }
    }

    public void Dispose() => Cancellation.Dispose();
}
