using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Jobs of the embedded mode: stored in SQLite, queued in-process, run by this process's workers.</summary>
public sealed class EmbeddedJobService(JobStore store, JobQueue queue, JobActivity activity, JobIntake intake, EnsembleFileStore files) : IJobService
{
    public JobStatus Submit(PlanningInput input) => Enqueue(intake.Check(input));

    public JobStatus Enqueue(NewJob job)
    {
        if (queue.Count >= queue.Capacity) throw JobIntake.QueueFull(queue.Capacity);
        store.Insert(job.Id, new StoredInput(job.Dataset, job.Practices, job.OptionsJson, job.GroupBy), job.ParametersJson, job.PracticeCount, job.SpecJson);
        if (!queue.TryEnqueue(job.Id))
        {
            store.Delete(job.Id);
            throw JobIntake.QueueFull(queue.Capacity);
        }
        return Describe(store.Get(job.Id)!);
    }

    public JobStatus? Find(string id) => store.Get(id) is { } r ? Describe(r) : null;

    /// <summary>
    /// The cancel is stored before the solve is told, so it holds across a crash: a queued job is cancelled at once, a
    /// running one is marked (the runner also checks the mark when it starts, in case the job started between the two).
    /// </summary>
    public bool Cancel(string id)
    {
        if (store.CancelQueued(id, "Cancelled at the user's request before it started.")) return true;
        if (!store.RequestCancel(id)) return false;
        activity.Find(id)?.RequestCancel();
        return true;
    }

    public bool Delete(string id)
    {
        files.Delete(id);
        return store.Delete(id);
    }

    public byte[]? Result(string id, string document) => store.GetResult(id, document);

    public byte[]? File(string id, string name) => name switch
    {
        JobFiles.SweepJson => store.GetSweepTable(id, "json"),
        JobFiles.SweepCsv => store.GetSweepTable(id, "csv"),
        _ => files.Get(id, name),
    };

    public JobRecord? Record(string id) => store.Get(id);

    public StoredInput? Input(string id) => store.GetInput(id);

    private JobStatus Describe(JobRecord r)
    {
        var running = r.State == JobState.Running ? activity.Find(r.Id) : null;
        string? message = running is null ? null : running.CancelRequested ? "Cancelling." : $"Running: {running.Phase}.";
        return JobDescriber.Describe(r, running?.ProgressNow(), message, queue.Count);
    }
}
