using System.Collections.Concurrent;

namespace Partitioner.Api.Jobs;

/// <summary>The jobs running in this process right now, and how many workers are alive (for readiness).</summary>
public sealed class JobActivity
{
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private int _workers;

    public int WorkersRunning => Volatile.Read(ref _workers);
    public void WorkerStarted() => Interlocked.Increment(ref _workers);
    public void WorkerStopped() => Interlocked.Decrement(ref _workers);

    public void Add(RunningJob job) => _running[job.Id] = job;
    public void Remove(string id) => _running.TryRemove(id, out _);
    public RunningJob? Find(string id) => _running.GetValueOrDefault(id);
    public int RunningCount => _running.Count;
}
