namespace Partitioner.Cluster.Work;

/// <summary>How many work items this silo runs at once, and how many are running now (for health and metrics).</summary>
public sealed class WorkerSlots(int count)
{
    private int _busy;

    public int Count { get; } = count;
    public int Busy => Volatile.Read(ref _busy);
    public void Started() => Interlocked.Increment(ref _busy);
    public void Stopped() => Interlocked.Decrement(ref _busy);
}
