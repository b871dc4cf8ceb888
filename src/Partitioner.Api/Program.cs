using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Partitioner.Api;
using Partitioner.Api.Datasets;
using Partitioner.Api.Endpoints;
using Partitioner.Api.Errors;
using Partitioner.Api.Health;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Api.Ogc;
using Partitioner.Api.Planning;
using Partitioner.Api.Security;
using Partitioner.Api.Storage;
using Partitioner.Api.Web;
using Partitioner.Cluster;
using Partitioner.Cluster.Hosting;
using Partitioner.Cluster.Work;

var builder = WebApplication.CreateBuilder(args);
// Only requests naming this machine are served (DNS rebinding): the default when neither appsettings.json (absent when
// the service is started from another folder) nor the environment sets AllowedHosts.
if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
    builder.Configuration.AddInMemoryCollection([new("AllowedHosts", "localhost;127.0.0.1;[::1]")]);

builder.Services.AddOptions<PartitionerApiOptions>()
    .BindConfiguration(PartitionerApiOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<PartitionerApiOptions>, PartitionerApiOptionsValidator>();
builder.WebHost.ConfigureKestrel((context, kestrel) =>
    kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>($"{PartitionerApiOptions.Section}:{nameof(PartitionerApiOptions.MaxBodyBytes)}") ?? 50 * 1024 * 1024);

builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Fill);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiDocumentTransformer>().AddOperationTransformer<ApiExamples>());
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddSingleton<DatasetCatalog>();
builder.Services.AddSingleton<StudyLoader>();
builder.Services.AddSingleton<Partitioner.Core.Studies.IExactEngine>(new GuardedExactEngine(new Partitioner.Exact.ExactEngine()));
builder.Services.AddSingleton<RequestReader>();
builder.Services.AddSingleton<SolveWork>();
builder.Services.AddSingleton<JobIntake>();
builder.Services.AddSingleton<SweepWork>();
builder.Services.AddSingleton<EnsembleWork>();
builder.Services.AddSingleton<JobWorks>();
builder.Services.AddSingleton<EnsembleService>();
builder.Services.AddSingleton<SweepService>();
builder.Services.AddSingleton<SyncPlanner>();
builder.Services.AddSingleton<LocalityPlanner>();
builder.Services.AddSingleton<Partitioner.Api.Levels.LevelPlanner>();
builder.Services.AddSingleton<JobLayers>();
builder.Services.AddSingleton<WorkAdmission>();
builder.Services.AddSingleton(new ResidentMemory());
builder.Services.AddHostedService<MemoryWatch>();
builder.Services.AddSingleton<OgcCatalog>();
builder.Services.AddHostedService<ResultCleanup>();

// Where jobs run: this process and SQLite (default), or PostgreSQL and the cluster's worker silos. The HTTP API is the same.
var mode = builder.Configuration.GetValue<ServiceMode?>($"{PartitionerApiOptions.Section}:{nameof(PartitionerApiOptions.Mode)}") ?? ServiceMode.Embedded;
ClusterSettings? cluster = null;
if (mode == ServiceMode.Cluster)
{
    int slots = builder.Configuration.GetValue<int?>($"{PartitionerApiOptions.Section}:{nameof(PartitionerApiOptions.Workers)}") ?? Environment.ProcessorCount;
    cluster = builder.AddPartitionerCluster(slots);
    builder.Services.AddSingleton<ClusterJobRecords>();
    builder.Services.AddSingleton<IJobStore>(s => s.GetRequiredService<ClusterJobRecords>());
    builder.Services.AddSingleton<IJobService, ClusterJobService>();
    builder.Services.AddSingleton<IWorkExecutor, ClusterWorkExecutor>();
    builder.Services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("ready", tags: ["ready"]);
}
else
{
    builder.Services.AddSingleton<JobStore>();
    builder.Services.AddSingleton<IJobStore>(s => s.GetRequiredService<JobStore>());
    builder.Services.AddSingleton<JobQueue>();
    builder.Services.AddSingleton<JobActivity>();
    builder.Services.AddSingleton<EnsembleFileStore>();
    builder.Services.AddSingleton<JobRunner>();
    builder.Services.AddSingleton<IJobService, EmbeddedJobService>();
    builder.Services.AddHostedService<JobWorkerPool>();
    builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
}

var app = builder.Build();
if (cluster is not null) await app.UsePartitionerClusterAsync(cluster);

app.UseExceptionHandler();
app.UseStatusCodePages();
// Host filtering (AllowedHosts, default localhost, 127.0.0.1 and [::1]) runs before these, from the host's defaults.
app.UseMiddleware<RequestIntent>();
app.UseMiddleware<ApiKeyCheck>();

app.MapOpenApi();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "Partitioner v1");
    o.RoutePrefix = "docs";
    o.DocumentTitle = "Partitioner API";
});
// The map page (wwwroot/index.html with its vendored map library) is the root; the API docs stay at /docs.
app.UseMapPage();

app.MapJobs();
app.MapSweeps();
app.MapSolve();
app.MapEvaluations();
app.MapLocalities();
app.MapFederations();
app.MapEnsembles();
app.MapDatasets();
app.MapOgc();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.Write });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.Write });

app.Run();

/// <summary>The web application's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
