using System.Text.Json.Nodes;
using Partitioner.Api.Errors;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs one job of the embedded mode from its stored input to its stored result: read practices, prepare the study,
/// run its work items one after another (cancellable, reporting progress), gather them into the three documents.
/// Input errors fail the job with the problems listed; a strict infeasible request fails it with the solver's reasons;
/// a shutdown puts it back in the queue.
/// </summary>
public sealed class JobRunner(JobStore store, JobActivity activity, SolveWork work, ILogger<JobRunner> logger)
{
    public void Run(string id, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested || !store.TryStart(id)) return;
        using var running = new RunningJob(id, stopping);
        activity.Add(running);
        try
        {
            Execute(running);
        }
        catch (OperationCanceledException) when (running.Cancellation.IsCancellationRequested)
        {
            Stopped(running, stopping);
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

    private void Execute(RunningJob running)
    {
        var id = running.Id;
        var stored = store.GetInput(id) ?? throw new InvalidOperationException($"Job {id} has no stored input.");
        var token = running.Cancellation.Token;
        var job = work.Prepare(stored, phase => running.Phase = phase, token);

        running.Phase = "solving";
        running.Items = job.Items;
        var results = new List<byte[]?>(job.Items);
        for (int item = 0; item < job.Items; item++)
        {
            long lastSaved = 0;
            var progress = new ProgressSink(p =>
            {
                running.Progress = p;
                long now = Environment.TickCount64;
                if (now - Interlocked.Read(ref lastSaved) < 1000) return;
                Interlocked.Exchange(ref lastSaved, now);
                try { store.SaveProgress(id, running.ProgressNow().ToJsonString()); } catch (Exception e) { logger.LogDebug(e, "Progress not saved"); }
            });
            var result = work.Run(job, item, progress, token);
            results.Add(result);
            running.ItemDone(JsonNode.Parse(result)?["progress"] as JsonObject);
        }
        var record = store.Get(id)!;
        Finish(id, SeedGather.Gather(() => job, record.ParametersJson, results));
    }

    // A job whose input has problems has no plan to evaluate, so gathering it never prepares a study.
    private static PreparedJob NoStudy() => throw new InvalidOperationException("A job that failed on its input has no study.");

    private void Finish(string id, JobOutcome outcome)
    {
        var state = outcome.State == JobStates.Succeeded ? JobState.Succeeded : JobState.Failed;
        var outputs = outcome.Documents is { } d ? new PlanOutputs(d.Consortia, d.Practices, d.Report) : null;
        store.Finish(id, state, outcome.Message, outcome.ErrorsJson, outcome.SummaryJson, outcome.ProgressJson, outputs);
    }

    private void Stopped(RunningJob running, CancellationToken stopping)
    {
        if (running.CancelRequested)
            store.Finish(running.Id, JobState.Cancelled, "Cancelled at the user's request.", null, null, null, null);
        else if (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Job {JobId} interrupted by shutdown; it will run again after a restart", running.Id);
            store.Requeue(running.Id);
        }
        else
            store.Finish(running.Id, JobState.Cancelled, "Cancelled.", null, null, null, null);
    }

    private sealed class ProgressSink(Action<Core.Solving.SolveProgress> report) : IProgress<Core.Solving.SolveProgress>
    {
        public void Report(Core.Solving.SolveProgress value) => report(value);
    }
}
