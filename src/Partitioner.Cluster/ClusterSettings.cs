using System.ComponentModel.DataAnnotations;

namespace Partitioner.Cluster;

/// <summary>
/// Cluster mode's settings, bound from the "Partitioner:Cluster" configuration section (environment variables
/// <c>Partitioner__Cluster__Key</c>) and validated at start.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Partitioner:Cluster";

    /// <summary>PostgreSQL connection string (Npgsql form) of the database holding membership, reminders, grain state, jobs and results.</summary>
    [Required(ErrorMessage = "Partitioner:Cluster:ConnectionString is required in cluster mode (e.g. Host=127.0.0.1;Port=5433;Database=partitioner;Username=partitioner;Password=...).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Worker: an Orleans silo that runs work items and also serves the HTTP API. Api: serves the HTTP API only (an Orleans client).</summary>
    public ClusterRole Role { get; set; } = ClusterRole.Worker;

    /// <summary>Name of the cluster: nodes with the same id and database form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "partitioner";

    /// <summary>Identity of the service across cluster redeployments (keys reminders and grain state).</summary>
    [Required]
    public string ServiceId { get; set; } = "partitioner";

    /// <summary>Address silos listen on and advertise; loopback by default (one machine, or a private network when set).</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port of a worker.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (API nodes) connect to on a worker.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Seconds a worker's claim on a running item lasts without renewal; a dead worker's items run again elsewhere after it.</summary>
    [Range(2, 3600)]
    public double LeaseSeconds { get; set; } = 10;

    /// <summary>
    /// Runs a work item gets. An item whose worker died, or that failed with an unexpected error, on every one of them
    /// fails its job instead of running again, so one poisonous item cannot keep crashing the cluster's workers.
    /// </summary>
    [Range(1, 100)]
    public int ItemRuns { get; set; } = 3;

    /// <summary>Seconds between a job grain's checks of its items (gathering, cancellation, workers that died).</summary>
    [Range(0.2, 600)]
    public double CheckSeconds { get; set; } = 2;

    /// <summary>Seconds between the reminders that re-activate an unfinished job's grain on a live silo (at least 10).</summary>
    [Range(10, 3600)]
    public double ReminderSeconds { get; set; } = 30;

    /// <summary>Seconds a silo waits for missed probes before suspecting a peer; lower detects a dead silo sooner.</summary>
    [Range(0.5, 600)]
    public double ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>Serve the Orleans dashboard at /dashboard on the node's HTTP address (workers only).</summary>
    public bool Dashboard { get; set; }
}
