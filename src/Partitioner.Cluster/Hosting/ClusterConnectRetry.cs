using Microsoft.Extensions.Logging;

namespace Partitioner.Cluster.Hosting;

/// <summary>
/// An API node started before any worker keeps trying to join the cluster, every 2 s for up to 10 minutes, instead
/// of failing at once; it serves the API meanwhile (submissions are stored and wait for workers).
/// </summary>
public sealed class ClusterConnectRetry(ILogger<ClusterConnectRetry> logger) : IClientConnectionRetryFilter
{
    private const int MaxAttempts = 300;
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (++_attempts > MaxAttempts || cancellationToken.IsCancellationRequested) return false;
        if (_attempts == 1 || _attempts % 15 == 0) logger.LogWarning("No worker silo reachable yet ({Message}); trying again", exception.Message);
        try { await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); }
        catch (OperationCanceledException) { return false; }
        return true;
    }
}
