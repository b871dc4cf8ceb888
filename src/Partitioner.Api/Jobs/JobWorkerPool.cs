using Microsoft.Extensions.Options;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs queued jobs on a fixed number of dedicated worker threads. At start it re-queues every job a previous
/// process left queued or running; at shutdown it cancels running solves, which put their jobs back in the queue.
/// </summary>
public sealed class JobWorkerPool(JobQueue queue, JobStore store, JobRunner runner, JobActivity activity, IOptions<PartitionerApiOptions> options, ILogger<JobWorkerPool> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = store.Recover(options.Value.JobAttempts);
        if (recovered.Count > 0) logger.LogInformation("Re-queuing {Count} job(s) left unfinished by a previous run", recovered.Count);
        int workers = options.Value.EffectiveWorkers;
        var tasks = new List<Task>(workers + 1)
        {
            Task.Run(async () =>
            {
                try { foreach (var id in recovered) await queue.EnqueueAsync(id, stoppingToken); }
                catch (OperationCanceledException) { }
            }, CancellationToken.None),
        };
        for (int w = 0; w < workers; w++)
            tasks.Add(Task.Factory.StartNew(() => Work(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        await Task.WhenAll(tasks);
    }

    private void Work(CancellationToken stoppingToken)
    {
        activity.WorkerStarted();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                string id;
                try { id = queue.DequeueAsync(stoppingToken).AsTask().GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { break; }
                try { runner.Run(id, stoppingToken); }
                catch (Exception e) { logger.LogError(e, "Worker failed on job {JobId}", id); }
            }
        }
        finally
        {
            activity.WorkerStopped();
        }
    }
}
