using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Jobs of the embedded mode: stored in SQLite, queued in-process, run by this process's workers.</summary>
public sealed class EmbeddedJobService(JobStore store, JobQueue queue, JobActivity activity, JobIntake intake) : IJobService
{
    public JobStatus Submit(PlanningInput input)
    {
        var job = intake.Check(input);
        if (queue.Count >= queue.Capacity) throw JobIntake.QueueFull(queue.Capacity);
        store.Insert(job.Id, new StoredInput(job.Dataset, job.Practices, job.OptionsJson, job.GroupBy), job.ParametersJson, job.PracticeCount);
        if (!queue.TryEnqueue(job.Id))
        {
            store.Delete(job.Id);
            throw JobIntake.QueueFull(queue.Capacity);
        }
        return Describe(store.Get(job.Id)!);
    }

    public JobStatus? Find(string id) => store.Get(id) is { } r ? Describe(r) : null;

    public bool Cancel(string id)
    {
        if (activity.Find(id) is { } running)
        {
            running.RequestCancel();
            return true;
        }
        if (store.CancelQueued(id, "Cancelled at the user's request before it started.")) return true;
        // It may have started between the two checks.
        if (activity.Find(id) is { } started)
        {
            started.RequestCancel();
            return true;
        }
        return false;
    }

    public bool Delete(string id) => store.Delete(id);

    public byte[]? Result(string id, string document) => store.GetResult(id, document);

    private JobStatus Describe(JobRecord r)
    {
        var running = r.State == JobState.Running ? activity.Find(r.Id) : null;
        string? message = running is null ? null : running.CancelRequested ? "Cancelling." : $"Running: {running.Phase}.";
        return JobDescriber.Describe(r, running?.ProgressNow(), message, queue.Count);
    }
}
