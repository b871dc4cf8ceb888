using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Partitioner.Cluster.Storage;

namespace Partitioner.Cluster.Metrics;

/// <summary>Reads the cluster-wide queue figures from PostgreSQL every few seconds for the gauges and the health report.</summary>
public sealed class ClusterGauges(ClusterJobStore jobs, ClusterMetrics metrics, IOptions<ClusterSettings> settings, ILogger<ClusterGauges> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try { metrics.Update(await jobs.FiguresAsync(settings.Value.ClusterId, stoppingToken)); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogDebug(e, "Queue figures not read"); }
        }
        while (await TickAsync(timer, stoppingToken));
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
