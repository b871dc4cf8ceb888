using System.Text.Json.Nodes;
using Partitioner.Api.Errors;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs one job of the embedded mode from its stored input to its stored result: read practices, admit its budget,
/// prepare the study, run its work items one after another (cancellable, reporting progress), gather them into the
/// stored documents (<see cref="IJobWork"/>: solves by seed, sweeps by band, ensembles by chain, a job with levels as
/// one item, <see cref="LevelsWork"/>). Input errors fail the job with the problems listed; a
/// strict infeasible request fails it with the solver's reasons; a job past its time budget, or stopped by the memory
/// watch, fails naming that; a shutdown puts it back in the queue.
/// </summary>
public sealed class JobRunner(JobStore store, JobActivity activity, EnsembleFileStore ensembleFiles, JobWorks works, WorkAdmission admission, ILogger<JobRunner> logger)
{
    public void Run(string id, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested || !store.TryStart(id)) return;
        using var running = new RunningJob(id, stopping);
        activity.Add(running);
        // A cancel stored between the start and the line above has not reached this job yet.
        if (store.Get(id)?.CancelRequested == true) running.RequestCancel();
        using var work = admission.BeginJob($"job {id}", running.Cancellation.Token);
        try
        {
            Execute(running, work);
        }
        catch (OperationCanceledException) when (work.Token.IsCancellationRequested)
        {
            Stopped(running, work, stopping);
        }
        catch (Exception e) when (e is InputException or ApiProblemException)
        {
            Finish(id, SeedGather.Gather(NoStudy, "{}", [SolveWork.Failure(e)]));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {JobId} failed unexpectedly", id);
            store.Finish(id, JobState.Failed, "The service failed while running this job; the error has been logged. Try again, or report it with the job id.", "[]", null, null, null);
        }
        finally
        {
            activity.Remove(id);
        }
    }

    private void Execute(RunningJob running, Work work)
    {
        var id = running.Id;
        var record = store.Get(id) ?? throw new InvalidOperationException($"Job {id} is gone.");
        var stored = store.GetInput(id) ?? throw new InvalidOperationException($"Job {id} has no stored input.");
        var kind = works.For(JobKinds.Of(record.ParametersJson));
        var token = work.Token;
        var job = kind.Prepare(stored, store.GetSweepBands(id), record.ParametersJson, phase => running.Phase = phase, token, work);

        running.Phase = kind.Phase;
        running.Items = job.Items;
        var results = new List<byte[]?>(job.Items);
        for (int item = 0; item < job.Items; item++)
        {
            if (job.Items > 1) running.Phase = $"{kind.Phase} ({item + 1} of {job.Items})";
            var result = kind.Run(job, item, Progress(running), token);
            token.ThrowIfCancellationRequested();
            results.Add(result);
            running.ItemDone(JsonNode.Parse(result)?["progress"] as JsonObject);
        }
        running.Phase = "writing results";
        var outcome = kind.Gather(() => job, record.ParametersJson, results);
        token.ThrowIfCancellationRequested();
        Finish(id, outcome);
    }

    /// <summary>Saves a running item's progress about once a second.</summary>
    private ProgressSink<JsonObject> Progress(RunningJob running)
    {
        long lastSaved = 0;
        return new ProgressSink<JsonObject>(p =>
        {
            running.Progress = p;
            long now = Environment.TickCount64;
            if (now - Interlocked.Read(ref lastSaved) < 1000) return;
            Interlocked.Exchange(ref lastSaved, now);
            try { store.SaveProgress(running.Id, running.ProgressNow().ToJsonString()); } catch (Exception e) { logger.LogDebug(e, "Progress not saved"); }
        });
    }

    // A job whose input has problems has no plan to evaluate, so gathering it never prepares a study.
    private static PreparedJob NoStudy() => throw new InvalidOperationException("A job that failed on its input has no study.");

    /// <summary>Stores a gathered outcome.</summary>
    private void Finish(string id, JobOutcome outcome)
    {
        var files = outcome.Files.ToDictionary(f => f.Key, f => f.Value);
        // Files beside a plan are the layers of its levels; else a sweep's table or an ensemble's files.
        var outputs = outcome.Documents is { } d ? new PlanOutputs(d.Consortia, d.Practices, d.Report) { Levels = outcome.Files } : null;
        if (outputs is null && files.TryGetValue(JobFiles.SweepJson, out var json) && files.TryGetValue(JobFiles.SweepCsv, out var csv)) store.SaveSweepTable(id, json, csv);
        else if (outputs is null && files.Count > 0) ensembleFiles.Save(id, files);
        store.Finish(id, outcome.State, outcome.Message, outcome.ErrorsJson, outcome.SummaryJson, outcome.ProgressJson, outputs);
    }

    private void Stopped(RunningJob running, Work work, CancellationToken stopping)
    {
        if (running.CancelRequested)
            store.Finish(running.Id, JobState.Cancelled, "Cancelled at the user's request.", null, null, null, null);
        else if (work.StoppedBy != StopReason.None)
        {
            logger.LogWarning("Job {JobId} stopped by the service ({Reason}) while {Phase}", running.Id, work.StoppedBy, running.Phase);
            store.Finish(running.Id, JobState.Failed, BudgetMessage(running, work), "[]", null, null, null);
        }
        else if (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Job {JobId} interrupted by shutdown; it will run again after a restart", running.Id);
            store.Requeue(running.Id);
        }
        else
            store.Finish(running.Id, JobState.Cancelled, "Cancelled.", null, null, null, null);
    }

    /// <summary>Why the service stopped a job, for its message.</summary>
    private string BudgetMessage(RunningJob running, Work work) => work.StoppedBy == StopReason.Memory
        ? $"The job was stopped while {running.Phase}: the service's memory passed its limit ({WorkBudget.Megabytes(admission.LimitBytes)} MB) while it ran" +
          (work.Budget is { } b ? $" (its budget: {b.Describe()})" : "") + ". Send fewer practices or a simpler boundary, or try again when the service is less busy."
        : $"The job exceeded its time budget of {work.Deadline?.TotalSeconds:N0} s while {running.Phase}" +
          (work.Budget is { } b2 ? $" ({b2.Describe()}, the time limit included)" : "") + ". Send fewer practices or a simpler boundary (fewer vertices), or a shorter time limit.";

    private sealed class ProgressSink<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
