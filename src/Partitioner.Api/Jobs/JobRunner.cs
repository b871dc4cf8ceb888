using System.Text.Json.Nodes;
using Partitioner.Api.Errors;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs one job of the embedded mode from its stored input to its stored result: read practices, admit its budget,
/// prepare the study, run its work items one after another (cancellable, reporting progress), gather them into the
/// stored documents (<see cref="IJobWork"/>: solves by seed, sweeps by band, ensembles by chain); a job with levels is
/// solved whole here. Input errors fail the job with the problems listed; a
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
        if (store.IsCancelRequested(id)) running.RequestCancel();
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
        if (job is PreparedJob { Request.Levels.Any: true } levels)
        {
            var sink = Progress(running);
            FinishLevels(running, work, levels.Study, levels.Request, new SolveWork.JsonProgress(sink, "solving"));
            return;
        }
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

    /// <summary>A job with levels: consortia and the levels above them (LevelsStudy), every level's layer stored.</summary>
    private void FinishLevels(RunningJob running, Work work, Study study, StudyRequest request, IProgress<SolveProgress> progress)
    {
        var id = running.Id;
        var outcome = LevelsStudy.Solve(study, request.Levels, request.SolverOptions(progress), work.Token);
        var result = outcome.ConsortiumResult;
        var finalProgress = result is null ? null : ProgressJson.Of(new SolveProgress(result.Statistics.Elapsed, result.Statistics.Steps, result.Statistics.Restarts,
            result.Objective.Total, result.Violation, result.Status == SolveStatus.Feasible), "done").ToJsonString();
        if (work.Token.IsCancellationRequested)
        {
            Stopped(running, work, running.Stopping);
            return;
        }
        if (outcome.Levels is null)
        {
            var issues = new JsonArray((result?.Issues ?? []).Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
            string why = result?.Issues.Count > 0 ? result.Issues[0].Message : "The solver found no plan meeting every rule.";
            store.Finish(id, JobState.Failed, $"No plan meets every rule: {why}", issues.ToJsonString(), null, finalProgress, null);
            return;
        }
        var parameters = JsonNode.Parse(store.Get(id)!.ParametersJson)!.AsObject();
        running.Phase = "writing results";
        var outputs = PlanOutputs.Write(study, outcome, parameters);
        work.Token.ThrowIfCancellationRequested();
        var summary = JsonNode.Parse(outputs.Report)?["summary"]?.DeepClone() as JsonObject ?? new JsonObject();
        summary["levels"] = new JsonArray(outcome.Levels.Levels.Select(l => (JsonNode)new JsonObject
        {
            ["level"] = l.Name.One,
            ["count"] = l.Plan.Count,
            ["meets_all_rules"] = l.Evaluation.Summary.MeetsAllRules,
        }).ToArray());
        var remaining = new JsonArray(outcome.Levels.Levels.SelectMany(l => l.Result?.Issues ?? []).Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
        string message = $"{string.Join(", ", outcome.Levels.Levels.Select(l => $"{l.Plan.Count} {l.Name.Many}"))}; " +
            (outcome.MeetsAllRules ? "every rule met." : "some rules broken (see the report).");
        store.Finish(id, JobState.Succeeded, message, remaining.ToJsonString(), summary.ToJsonString(), finalProgress, outputs);
    }

    // A job whose input has problems has no plan to evaluate, so gathering it never prepares a study.
    private static PreparedJob NoStudy() => throw new InvalidOperationException("A job that failed on its input has no study.");

    /// <summary>Stores a gathered outcome.</summary>
    private void Finish(string id, JobOutcome outcome)
    {
        var state = outcome.State == JobStates.Succeeded ? JobState.Succeeded : JobState.Failed;
        var outputs = outcome.Documents is { } d ? new PlanOutputs(d.Consortia, d.Practices, d.Report) : null;
        var files = outcome.Files.ToDictionary(f => f.Key, f => f.Value);
        if (files.TryGetValue(JobFiles.SweepJson, out var json) && files.TryGetValue(JobFiles.SweepCsv, out var csv)) store.SaveSweepTable(id, json, csv);
        else if (files.Count > 0) ensembleFiles.Save(id, files);
        store.Finish(id, state, outcome.Message, outcome.ErrorsJson, outcome.SummaryJson, outcome.ProgressJson, outputs);
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
