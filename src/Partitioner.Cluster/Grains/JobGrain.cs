using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Partitioner.Cluster.Metrics;
using Partitioner.Cluster.Storage;
using Partitioner.Cluster.Work;

namespace Partitioner.Cluster.Grains;

/// <summary>
/// The coordinator of one job (see <see cref="IJobGrain"/>). Its facts live in PostgreSQL (the job row, the items and
/// their results), so any activation on any silo takes over where a dead one stopped; what the grain keeps itself is
/// small bookkeeping in grain storage. A timer checks the job every few seconds while the grain is active; a reminder
/// re-activates it on a live silo if its silo dies, until the job has ended.
/// </summary>
public sealed class JobGrain(
    [PersistentState("job", JobGrain.StorageName)] IPersistentState<JobGrainState> state,
    ClusterJobStore jobs,
    WorkItemQueue queue,
    IWorkExecutor executor,
    ClusterMetrics metrics,
    IOptions<ClusterSettings> options,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    /// <summary>The grain storage provider holding job grains' state.</summary>
    public const string StorageName = "jobs";

    private const string ReminderName = "job-watch";
    private readonly ClusterSettings _settings = options.Value;
    private IGrainTimer? _timer;

    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Started && !state.State.Finished) StartTimer();
        return Task.CompletedTask;
    }

    public async Task Start()
    {
        if (state.State.Finished) return;
        await TakeChargeAsync();
    }

    public async Task ItemFinished(int item)
    {
        if (state.State.Finished) return;
        await TakeChargeAsync();
        await CheckAsync(CancellationToken.None);
    }

    public async Task Cancel()
    {
        if (state.State.Finished) return;
        await TakeChargeAsync();
        await CheckAsync(CancellationToken.None);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Finished)
        {
            await ForgetReminderAsync();
            return;
        }
        StartTimer();
        await CheckAsync(CancellationToken.None);
    }

    private async Task TakeChargeAsync()
    {
        if (!state.State.Started)
        {
            var period = TimeSpan.FromSeconds(_settings.ReminderSeconds);
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
            state.State.Started = true;
            await state.WriteStateAsync();
        }
        StartTimer();
    }

    private void StartTimer()
    {
        if (_timer is not null) return;
        var every = TimeSpan.FromSeconds(_settings.CheckSeconds);
        _timer = this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    /// <summary>
    /// One look at the job: abandoned items back to the queue; a cancelled job ended once idle; a job whose every item
    /// has a result gathered and finished (once: the database keeps the first outcome).
    /// </summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        var job = await jobs.GetAsync(JobId, ct);
        if (job is null || job.IsFinished)
        {
            await EndAsync();
            return;
        }
        int reclaimed = await queue.ReclaimAsync(JobId, _settings.ClusterId, ct);
        if (reclaimed > 0)
        {
            logger.LogWarning("Job {JobId}: {Count} item(s) of a dead or silent worker go back to the queue", JobId, reclaimed);
            metrics.ItemRequeued(reclaimed);
            state.State.ItemsReclaimed += reclaimed;
            await state.WriteStateAsync();
        }
        if (job.CancelRequested)
        {
            if (await jobs.FinishCancelledIfIdleAsync(JobId, "Cancelled at the user's request.", ct))
            {
                metrics.JobFinished(JobState.Cancelled);
                await EndAsync();
            }
            return;
        }
        var items = await queue.ItemsAsync(JobId, ct);
        var exhausted = items.Where(i => i.Exhausted(_settings.ItemRuns)).Select(i => i.Item).ToList();
        if (exhausted.Count > 0)
        {
            await FailExhaustedAsync(exhausted, ct);
            return;
        }
        if (items.Count == 0 || items.Any(i => i.State != WorkItemStates.Done)) return;

        state.State.Gatherings++;
        await state.WriteStateAsync();
        var results = await queue.ResultsAsync(JobId, ct);
        JobOutcome outcome;
        try
        {
            // Gathering builds the plan's layers: CPU work, kept off the grain's scheduler.
            outcome = await Task.Run(() => executor.Gather(JobId, results, ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Job {JobId}: gathering its results failed", JobId);
            outcome = new JobOutcome(JobState.Failed, "The service failed while gathering this job's results; the error has been logged. Submit it again, or report it with the job id.", "[]", null, null, null);
        }
        if (await jobs.FinishAsync(JobId, outcome, ct))
        {
            metrics.JobFinished(outcome.State);
            logger.LogInformation("Job {JobId} {State} ({Items} item(s), gathered {Times} time(s))", JobId, outcome.State.Name(), items.Count, state.State.Gatherings);
        }
        await EndAsync();
    }

    /// <summary>Fails the job: items of it ran out of runs, each ending in a dead worker or an unexpected error.</summary>
    private async Task FailExhaustedAsync(IReadOnlyList<int> exhausted, CancellationToken ct)
    {
        string which = exhausted.Count == 1 ? $"Work item {exhausted[0]}" : $"Work items {string.Join(", ", exhausted)}";
        string message = $"{which} of this job failed on each of {_settings.ItemRuns} runs (a worker stopped or an unexpected error, which the workers' logs record), so the job is not run again. Submit it again, or report it with the job id.";
        var outcome = new JobOutcome(JobState.Failed, message, "[]", null, null, null);
        if (await jobs.FinishAsync(JobId, outcome, ct))
        {
            metrics.JobFinished(outcome.State);
            logger.LogError("Job {JobId} failed: {Items} ran out of runs", JobId, which);
        }
        await EndAsync();
    }

    private async Task EndAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await ForgetReminderAsync();
        if (!state.State.Finished)
        {
            state.State.Finished = true;
            await state.WriteStateAsync();
        }
        DeactivateOnIdle();
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
