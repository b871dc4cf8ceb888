namespace Partitioner.Api.Limits;

/// <summary>
/// Samples the process's resident memory four times a second. Past the limit it collects garbage and, if the process
/// is still over, stops the most recently admitted work (a request answers 413, a job fails naming the reason), one
/// piece at a time so the memory freed by each stop is seen before the next.
/// </summary>
public sealed class MemoryWatch(WorkAdmission admission, ResidentMemory memory, ILogger<MemoryWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var lastStop = DateTime.MinValue;
        while (await Tick(timer, stoppingToken))
        {
            if (memory.Bytes <= admission.LimitBytes || DateTime.UtcNow - lastStop < Settle) continue;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            long rss = memory.Bytes;
            if (rss <= admission.LimitBytes) continue;
            logger.LogWarning("Resident memory {Megabytes} MB is over the limit of {Limit} MB", WorkBudget.Megabytes(rss), WorkBudget.Megabytes(admission.LimitBytes));
            if (admission.StopNewest(StopReason.Memory) is not null) lastStop = DateTime.UtcNow;
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
