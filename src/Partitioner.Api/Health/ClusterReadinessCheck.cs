using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Partitioner.Cluster;
using Partitioner.Cluster.Storage;
using Partitioner.Cluster.Work;

namespace Partitioner.Api.Health;

/// <summary>
/// Cluster mode's readiness: the database answers, and the cluster's membership as Orleans records it (every silo
/// with its status, start and last heartbeat), the cluster-wide queue and this node's role and work slots.
/// Ready = the database answers and at least one worker silo is active; degraded when none is (jobs are accepted
/// and wait for one).
/// </summary>
public sealed class ClusterReadinessCheck(ClusterDatabase database, ClusterJobStore store, IOptions<ClusterSettings> cluster,
    IOptions<PartitionerApiOptions> options, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = cluster.Value;
        var data = new Dictionary<string, object>
        {
            ["mode"] = "cluster",
            ["role"] = settings.Role.ToString().ToLowerInvariant(),
            ["cluster_id"] = settings.ClusterId,
            ["database"] = database.Target,
            ["queue_capacity"] = options.Value.QueueCapacity,
        };
        if (services.GetService<WorkerSlots>() is { } slots)
        {
            data["work_slots"] = slots.Count;
            data["work_slots_busy"] = slots.Busy;
        }
        if (!await database.PingAsync(cancellationToken))
            return HealthCheckResult.Unhealthy("The cluster's database does not answer.", data: data);
        var silos = await store.SilosAsync(settings.ClusterId, cancellationToken);
        var figures = await store.FiguresAsync(settings.ClusterId, cancellationToken);
        data["silos"] = silos;
        data["silos_active"] = figures.ActiveSilos;
        data["jobs_queued"] = figures.JobsQueued;
        data["jobs_running"] = figures.JobsRunning;
        data["work_items_queued"] = figures.ItemsQueued;
        data["work_items_running"] = figures.ItemsRunning;
        return figures.ActiveSilos == 0
            ? HealthCheckResult.Degraded("No worker silo is active: jobs are accepted and wait for one.", data: data)
            : HealthCheckResult.Healthy($"Database answering; {figures.ActiveSilos} worker silo(s) active.", data);
    }
}
