using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Grains;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Jobs of the cluster mode: stored in PostgreSQL (any node answers for any job), admitted against the cluster-wide
/// queue bound, their work items run by the worker silos, coordinated by one <see cref="IJobGrain"/> each.
/// </summary>
public sealed class ClusterJobService(ClusterJobStore store, WorkItemQueue queue, IGrainFactory grains, JobIntake intake,
    IOptions<PartitionerApiOptions> options, ILogger<ClusterJobService> logger) : IJobService
{
    private static readonly TimeSpan GrainCallLimit = TimeSpan.FromSeconds(10);
    private readonly PartitionerApiOptions _settings = options.Value;

    public JobStatus Submit(PlanningInput input) => Enqueue(intake.Check(input));

    public JobStatus Enqueue(NewJob job)
    {
        if (!Wait(store.TryInsertAsync(job, _settings.QueueCapacity, CancellationToken.None))) throw JobIntake.QueueFull(_settings.QueueCapacity);
        // The job is stored: workers will run it even if its grain cannot be told now (the first finished item wakes it).
        Tell(job.Id, g => g.Start());
        return Find(job.Id)!;
    }

    public JobStatus? Find(string id)
    {
        if (Wait(store.GetAsync(id, CancellationToken.None)) is not { } job) return null;
        JsonObject? live = null;
        string? message = null;
        if (job.State == JobState.Running)
        {
            var items = Wait(queue.ItemsAsync(id, CancellationToken.None));
            var reports = items.Select(i => i.ProgressJson is null ? null : JsonNode.Parse(i.ProgressJson) as JsonObject).ToList();
            double elapsed = job.StartedAt is { } started ? (DateTimeOffset.UtcNow - started).TotalSeconds : 0;
            // The phase an item running now reports ("solving", "sweeping", "sampling"), else the first report's.
            string phase = reports.Select(r => r?["phase"]?.GetValue<string>()).FirstOrDefault(p => p is not null and not "done")
                ?? reports.Select(r => r?["phase"]?.GetValue<string>()).FirstOrDefault(p => p is not null) ?? "starting";
            live = items.Count == 1
                ? reports[0] ?? new JsonObject { ["phase"] = "starting", ["elapsed_seconds"] = Math.Round(elapsed, 3) }
                : ProgressJson.Combine(reports, items.Count, items.Count(i => i.State == WorkItemStates.Done), phase, elapsed);
            message = job.CancelRequested ? "Cancelling." : $"Running: {phase}.";
        }
        int waiting = job.State == JobState.Queued ? (int)Math.Min(int.MaxValue, Wait(store.QueuedCountAsync(CancellationToken.None))) : 0;
        return JobDescriber.Describe(job, live, message, waiting);
    }

    public bool Cancel(string id)
    {
        // Recorded in the database first, so the cancellation holds whatever happens to the node or the grain next.
        if (!Wait(store.RequestCancelAsync(id, "Cancelled at the user's request before it started.", "Cancelled at the user's request.", CancellationToken.None)))
            return false;
        Tell(id, g => g.Cancel());
        return true;
    }

    public bool Delete(string id) => Wait(store.DeleteAsync(id, CancellationToken.None));

    public byte[]? Result(string id, string document) => document is "consortia" or "practices" or "report"
        ? Wait(store.ResultAsync(id, document, CancellationToken.None))
        : Wait(store.FileAsync(id, document, CancellationToken.None));

    public byte[]? File(string id, string name) => Wait(store.FileAsync(id, name, CancellationToken.None));

    public JobRecord? Record(string id) => Wait(store.GetAsync(id, CancellationToken.None));

    public StoredInput? Input(string id) => Wait(store.InputAsync(id, CancellationToken.None)) is { } i ? new StoredInput(i.Dataset, i.Practices, i.OptionsJson, i.GroupBy) : null;

    private void Tell(string id, Func<IJobGrain, Task> call)
    {
        try
        {
            if (!call(grains.GetGrain<IJobGrain>(id)).Wait(GrainCallLimit))
                logger.LogWarning("Job grain {JobId} did not answer within {Seconds} s; its reminder or workers will wake it", id, GrainCallLimit.TotalSeconds);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job grain {JobId} could not be reached; its reminder or workers will wake it", id);
        }
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
