using Microsoft.Extensions.Options;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Deletes finished jobs and their results once they are older than the retention period, on a timer.</summary>
public sealed class ResultCleanup(IJobStore store, IOptions<PartitionerApiOptions> options, TimeProvider time, ILogger<ResultCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(o.CleanupIntervalMinutes), time);
        do
        {
            try
            {
                int n = store.DeleteFinishedBefore(time.GetUtcNow() - TimeSpan.FromHours(o.ResultRetentionHours));
                if (n > 0) logger.LogInformation("Deleted {Count} expired job(s)", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cleanup of expired jobs failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
