using System.Diagnostics.Metrics;
using Partitioner.Cluster.Storage;

namespace Partitioner.Cluster.Metrics;

/// <summary>
/// The cluster's metrics (meter "Partitioner.Cluster", exported by OpenTelemetry at /metrics): work items and jobs
/// finished by this node (throughput), and the cluster-wide queue depth and active silos as last read from PostgreSQL.
/// </summary>
public sealed class ClusterMetrics : IDisposable
{
    public const string MeterName = "Partitioner.Cluster";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _itemsCompleted;
    private readonly Counter<long> _itemsDropped;
    private readonly Counter<long> _itemsRequeued;
    private readonly Counter<long> _jobsFinished;
    private volatile QueueFigures? _figures;

    public ClusterMetrics()
    {
        _itemsCompleted = _meter.CreateCounter<long>("partitioner.work_items.completed", "{item}", "Work items whose result this node stored.");
        _itemsDropped = _meter.CreateCounter<long>("partitioner.work_items.duplicates_dropped", "{item}", "Runs of an item that finished after another run had stored its result (not stored again).");
        _itemsRequeued = _meter.CreateCounter<long>("partitioner.work_items.requeued", "{item}", "Items given back to the queue (a worker stopped, or died and was detected).");
        _jobsFinished = _meter.CreateCounter<long>("partitioner.jobs.finished", "{job}", "Jobs this node finished, by final state.");
        _meter.CreateObservableGauge("partitioner.jobs.queued", () => _figures?.JobsQueued ?? 0, "{job}", "Jobs waiting cluster-wide (the bounded queue).");
        _meter.CreateObservableGauge("partitioner.jobs.running", () => _figures?.JobsRunning ?? 0, "{job}", "Jobs running cluster-wide.");
        _meter.CreateObservableGauge("partitioner.work_items.queued", () => _figures?.ItemsQueued ?? 0, "{item}", "Work items waiting cluster-wide (queue depth).");
        _meter.CreateObservableGauge("partitioner.work_items.running", () => _figures?.ItemsRunning ?? 0, "{item}", "Work items running cluster-wide.");
        _meter.CreateObservableGauge("partitioner.cluster.silos", () => _figures?.ActiveSilos ?? 0, "{silo}", "Active silos in the membership table.");
    }

    /// <summary>The latest figures read from the database (null before the first read).</summary>
    public QueueFigures? Figures => _figures;

    public void Update(QueueFigures figures) => _figures = figures;
    public void ItemCompleted() => _itemsCompleted.Add(1);
    public void ItemDropped() => _itemsDropped.Add(1);
    public void ItemRequeued(int count = 1) => _itemsRequeued.Add(count);
    public void JobFinished(JobState state) => _jobsFinished.Add(1, new KeyValuePair<string, object?>("state", state.Name()));

    public void Dispose() => _meter.Dispose();
}
