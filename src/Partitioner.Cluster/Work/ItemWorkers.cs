using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Partitioner.Cluster.Grains;
using Partitioner.Cluster.Metrics;
using Partitioner.Cluster.Storage;

namespace Partitioner.Cluster.Work;

/// <summary>
/// A worker silo's slots: each on its own thread claims the next work item from the PostgreSQL queue, runs it through
/// the <see cref="IWorkExecutor"/>, renews its lease (saving progress and watching for a cancellation) while it runs,
/// stores the result and tells the job's grain. Idle slots poll the queue; on shutdown running items go back to it.
/// </summary>
public sealed class ItemWorkers(
    WorkItemQueue queue,
    IWorkExecutor executor,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    ClusterMetrics metrics,
    WorkerSlots slots,
    IOptions<ClusterSettings> options,
    ILogger<ItemWorkers> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private readonly ClusterSettings _settings = options.Value;

    /// <summary>This silo as the membership table names it (address:port@generation).</summary>
    public string SiloName { get; } = $"{silo.SiloAddress.Endpoint.Address}:{silo.SiloAddress.Endpoint.Port}@{silo.SiloAddress.Generation}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threads = new Task[slots.Count];
        for (int i = 0; i < threads.Length; i++)
            threads[i] = Task.Factory.StartNew(() => Slot(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        logger.LogInformation("Silo {Silo} runs work items on {Slots} slot(s)", SiloName, slots.Count);
        return Task.WhenAll(threads);
    }

    private void Slot(CancellationToken stopping)
    {
        var lease = TimeSpan.FromSeconds(_settings.LeaseSeconds);
        while (!stopping.IsCancellationRequested)
        {
            ClaimedItem? item;
            try { item = queue.ClaimAsync(SiloName, _settings.ClusterId, lease, _settings.ItemRuns, stopping).GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { break; }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not claim a work item; trying again");
                item = null;
            }
            if (item is null)
            {
                stopping.WaitHandle.WaitOne(IdlePoll);
                continue;
            }
            slots.Started();
            try { Run(item, lease, stopping); }
            finally { slots.Stopped(); }
        }
    }

    private void Run(ClaimedItem item, TimeSpan lease, CancellationToken stopping)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var progress = new LatestProgress();
        RenewAnswer stop = RenewAnswer.Continue;
        using var renewing = new Timer(_ =>
        {
            try
            {
                var answer = queue.RenewAsync(item, SiloName, progress.Take(), lease, CancellationToken.None).GetAwaiter().GetResult();
                if (answer == RenewAnswer.Continue) return;
                stop = answer;
                run.Cancel();
            }
            catch (ObjectDisposedException) { }
            catch (Exception e) { logger.LogDebug(e, "Lease of {Job}/{Item} not renewed this time", item.JobId, item.Item); }
        }, null, lease / 5, lease / 5);
        try
        {
            var result = executor.Run(item.JobId, item.Item, progress, run.Token);
            renewing.Change(Timeout.Infinite, Timeout.Infinite);
            if (queue.CompleteAsync(item, SiloName, result, progress.Take(), CancellationToken.None).GetAwaiter().GetResult())
                metrics.ItemCompleted();
            else
                metrics.ItemDropped();
            Tell(item);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            renewing.Change(Timeout.Infinite, Timeout.Infinite);
            if (stopping.IsCancellationRequested)
            {
                logger.LogInformation("Work item {Job}/{Item} goes back to the queue: this silo is stopping", item.JobId, item.Item);
                Release(item, cancelled: false);
                metrics.ItemRequeued();
            }
            else if (stop == RenewAnswer.Cancel)
            {
                Release(item, cancelled: true);
                Tell(item);
            }
            // Lost: another run owns the item now; nothing of this run is kept.
        }
        catch (Exception e)
        {
            renewing.Change(Timeout.Infinite, Timeout.Infinite);
            logger.LogError(e, "Work item {Job}/{Item} failed unexpectedly (run {Attempt} of at most {Runs})", item.JobId, item.Item, item.Attempt, _settings.ItemRuns);
            Release(item, cancelled: false);
        }
    }

    private void Release(ClaimedItem item, bool cancelled)
    {
        try { queue.ReleaseAsync(item, SiloName, cancelled, CancellationToken.None).GetAwaiter().GetResult(); }
        catch (Exception e) { logger.LogWarning(e, "Could not release {Job}/{Item}; its lease will lapse", item.JobId, item.Item); }
    }

    private void Tell(ClaimedItem item)
    {
        // Best effort: if the grain cannot be reached now, its timer or reminder finds the result anyway.
        try { grains.GetGrain<IJobGrain>(item.JobId).ItemFinished(item.Item).Wait(TimeSpan.FromSeconds(30)); }
        catch (Exception e) { logger.LogDebug(e, "Job grain {Job} not told about item {Item}", item.JobId, item.Item); }
    }

    /// <summary>The newest progress report of a running item, saved with each lease renewal.</summary>
    private sealed class LatestProgress : IProgress<string>
    {
        private string? _latest;
        public void Report(string value) => Volatile.Write(ref _latest, value);
        public string? Take() => Volatile.Read(ref _latest);
    }
}
