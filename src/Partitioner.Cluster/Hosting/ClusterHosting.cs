using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using Partitioner.Cluster.Grains;
using Partitioner.Cluster.Metrics;
using Partitioner.Cluster.Storage;
using Partitioner.Cluster.Work;

namespace Partitioner.Cluster.Hosting;

/// <summary>
/// Wires cluster mode into a node's host: the PostgreSQL database, the job store and work queue, the metrics, and
/// either an Orleans silo with its item workers (role Worker) or an Orleans client (role Api). Every node serves the
/// same HTTP API; only where work runs differs.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The ADO.NET invariant name Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Adds cluster mode. <paramref name="workerSlots"/> is how many work items a worker silo runs at once. Throws
    /// with the configuration key to set when the settings are incomplete.
    /// </summary>
    public static ClusterSettings AddPartitionerCluster(this WebApplicationBuilder builder, int workerSlots)
    {
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException("Partitioner:Mode is Cluster but Partitioner:Cluster:ConnectionString is empty. Give the PostgreSQL connection string " +
                "(bash tools/cluster/setup-postgres.sh start prints one), or leave Partitioner:Mode at Embedded.");
        builder.Services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(new ClusterDatabase(settings.ConnectionString));
        builder.Services.AddSingleton<ClusterJobStore>();
        builder.Services.AddSingleton<WorkItemQueue>();
        builder.Services.AddSingleton<ClusterMetrics>();
        builder.Services.AddHostedService<ClusterGauges>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ClusterMetrics.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());

        if (settings.Role == ClusterRole.Worker)
        {
            builder.Services.AddSingleton(new WorkerSlots(workerSlots));
            builder.UseOrleans(silo => ConfigureSilo(silo, settings));
            // Registered after the silo, so it starts once the silo is active in the cluster.
            builder.Services.AddHostedService<ItemWorkers>();
        }
        else
        {
            builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectRetry>();
            builder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; })
                .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; }));
        }
        return settings;
    }

    private static void ConfigureSilo(ISiloBuilder silo, ClusterSettings settings)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; })
            .ConfigureEndpoints(IPAddress.Parse(settings.Address), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false)
            .UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; })
            .UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; })
            .AddAdoNetGrainStorage(JobGrain.StorageName, o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; })
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(Math.Min(settings.ReminderSeconds, 60)))
            .Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds));
        if (settings.Dashboard) silo.AddDashboard();
    }

    /// <summary>
    /// Before the node starts: creates whatever part of the schema is missing (Orleans' tables must exist before the
    /// silo or client joins), then maps /metrics and, on a worker that asks for it, the dashboard at /dashboard.
    /// </summary>
    public static async Task UsePartitionerClusterAsync(this WebApplication app, ClusterSettings settings, CancellationToken ct = default)
    {
        await app.Services.GetRequiredService<ClusterDatabase>().EnsureSchemaAsync(ct);
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (settings.Dashboard && settings.Role == ClusterRole.Worker) app.MapOrleansDashboard(routePrefix: "/dashboard");
    }
}
