using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Partitioner.Api.Jobs;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Health;

/// <summary>Ready = the database answers and every configured worker is running. Reports counts only: no path or setting a caller could use.</summary>
public sealed class ReadinessCheck(JobStore store, JobActivity activity, JobQueue queue, IOptions<PartitionerApiOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["workers_configured"] = options.Value.EffectiveWorkers,
            ["workers_running"] = activity.WorkersRunning,
            ["jobs_running"] = activity.RunningCount,
            ["jobs_queued"] = queue.Count,
            ["queue_capacity"] = queue.Capacity,
        };
        if (!store.Ping()) return Task.FromResult(HealthCheckResult.Unhealthy("The database does not answer.", data: data));
        int configured = options.Value.EffectiveWorkers;
        if (configured == 0) return Task.FromResult(HealthCheckResult.Degraded("No workers are configured: jobs are accepted but not run.", data: data));
        if (activity.WorkersRunning < configured)
            return Task.FromResult(HealthCheckResult.Unhealthy($"{activity.WorkersRunning} of {configured} workers are running.", data: data));
        return Task.FromResult(HealthCheckResult.Healthy("Database open and workers running.", data));
    }
}
