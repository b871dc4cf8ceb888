using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs one job from its stored input to its stored result: read practices, admit its budget, prepare the study,
/// solve (cancellable, reporting progress), write the three documents; an ensemble job is handed to
/// <see cref="EnsembleRunner"/> and a sweep to <see cref="SweepRunner"/>. Input errors fail the job with the problems
/// listed; a strict infeasible request fails it with the solver's reasons; a job past its time budget, or stopped by
/// the memory watch, fails naming that; a shutdown puts it back in the queue.
/// </summary>
public sealed class JobRunner(JobStore store, JobActivity activity, StudyLoader loader, JobService jobs, SweepRunner sweeps, EnsembleRunner ensembles, IExactEngine exact,
    WorkAdmission admission, IOptions<PartitionerApiOptions> options, ILogger<JobRunner> logger)
{
    private readonly PartitionerApiOptions _settings = options.Value;

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
        catch (InputException e)
        {
            var errors = e.Problems.Take(ProblemExceptionHandler.MaxListed).Select(ErrorItem.From);
            store.Finish(id, JobState.Failed, "The input has problems: " + ProblemExceptionHandler.Summary(e), Json(errors), null, null, null);
        }
        catch (ApiProblemException e)
        {
            store.Finish(id, JobState.Failed, e.Message, Json((e.Errors ?? []).Select(ErrorItem.From)), null, null, null);
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
        if (store.Get(id) is { } job && EnsembleService.IsEnsemble(job))
        {
            ensembles.Execute(running, work);
            return;
        }
        var stored = store.GetInput(id) ?? throw new InvalidOperationException($"Job {id} has no stored input.");
        if (store.GetSweepBands(id) is { } bands)
        {
            sweeps.Execute(running, stored, bands);
            return;
        }
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var request = jobs.JobRequest(planning);
        var token = work.Token;

        running.Phase = "reading practices";
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a job");
        token.ThrowIfCancellationRequested();
        running.Phase = "waiting for memory";
        work.Admit(loader.Budget(input, request, practices), wait: true);
        running.Phase = "building geography";
        var study = loader.Prepare(input, request, practices, token);
        token.ThrowIfCancellationRequested();

        running.Phase = "solving";
        long lastSaved = 0;
        var progress = new ProgressSink(p =>
        {
            running.Progress = p;
            long now = Environment.TickCount64;
            if (now - Interlocked.Read(ref lastSaved) >= 1000)
            {
                Interlocked.Exchange(ref lastSaved, now);
                try { store.SaveProgress(id, ProgressJson(p, "solving")); } catch (Exception e) { logger.LogDebug(e, "Progress not saved"); }
            }
        });
        if (request.Levels.Any)
        {
            FinishLevels(running, work, study, request, progress);
            return;
        }
        var outcome = Planner.Solve(study, request, exact, progress, token);
        var finalProgress = ProgressJson(new SolveProgress(outcome.Result.Statistics.Elapsed, outcome.Result.Statistics.Steps, outcome.Result.Statistics.Restarts,
            outcome.Result.Objective.Total, outcome.Result.Violation, outcome.Result.Status == SolveStatus.Feasible), "done");

        if (token.IsCancellationRequested)
        {
            Stopped(running, work, running.Stopping);
            return;
        }
        if (!outcome.HasPlan)
        {
            var issues = new JsonArray(outcome.Result.Issues.Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
            string why = outcome.Result.Issues.Count > 0 ? outcome.Result.Issues[0].Message : "The solver found no plan meeting every rule.";
            store.Finish(id, JobState.Failed, $"No plan meets every rule ({SolverReport.SnakeCase(outcome.Result.Termination.ToString())}): {why}",
                issues.ToJsonString(), Summary(outcome, null).ToJsonString(), finalProgress, null);
            return;
        }
        running.Phase = "writing results";
        var record = store.Get(id)!;
        var parameters = JsonNode.Parse(record.ParametersJson)!.AsObject();
        var outputs = PlanOutputs.Write(study, outcome.Evaluation!, parameters, outcome.Sections, outcome.Localities);
        token.ThrowIfCancellationRequested();
        var summary = Summary(outcome, outputs.Report);
        var remaining = new JsonArray(outcome.Result.Issues.Select(i => (JsonNode)SolverReport.Issue(i)).ToArray());
        string message = outcome.Result.Status == SolveStatus.Feasible
            ? $"{outcome.Result.ConsortiumCount} consortia meeting every rule."
            : $"{outcome.Result.ConsortiumCount} consortia (best effort): {outcome.Result.Issues.Count} rule breach(es) remain, listed in errors.";
        store.Finish(id, JobState.Succeeded, message, remaining.ToJsonString(), summary.ToJsonString(), finalProgress, outputs);
    }

    /// <summary>A job with levels: consortia and the levels above them (LevelsStudy), every level's layer stored.</summary>
    private void FinishLevels(RunningJob running, Work work, Study study, StudyRequest request, IProgress<SolveProgress> progress)
    {
        var id = running.Id;
        var outcome = LevelsStudy.Solve(study, request.Levels, request.SolverOptions(progress), work.Token, request.LocalityMax, exact);
        var result = outcome.ConsortiumResult;
        var finalProgress = result is null ? null : ProgressJson(new SolveProgress(result.Statistics.Elapsed, result.Statistics.Steps, result.Statistics.Restarts,
            result.Objective.Total, result.Violation, result.Status == SolveStatus.Feasible), "done");
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

    private static JsonObject Summary(PlanOutcome outcome, byte[]? report)
    {
        var summary = report is null ? new JsonObject() : (JsonNode.Parse(report)?["summary"]?.DeepClone() as JsonObject ?? new JsonObject());
        summary["solver_status"] = SolverReport.SnakeCase(outcome.Result.Status.ToString());
        summary["termination"] = SolverReport.SnakeCase(outcome.Result.Termination.ToString());
        summary["objective"] = outcome.Sections["solver"]?["objective"]?.DeepClone();
        summary["elapsed_seconds"] = Math.Round(outcome.Result.Statistics.Elapsed.TotalSeconds, 3);
        return summary;
    }

    public static string ProgressJson(SolveProgress p, string phase) => new JsonObject
    {
        ["phase"] = phase,
        ["elapsed_seconds"] = Math.Round(p.Elapsed.TotalSeconds, 3),
        ["steps"] = p.Steps,
        ["restarts_completed"] = p.RestartsCompleted,
        ["best_score"] = double.IsFinite(p.BestScore) ? Math.Round(p.BestScore, 6) : null,
        ["best_violation"] = double.IsFinite(p.BestViolation) ? Math.Round(p.BestViolation, 6) : null,
        ["feasible_found"] = p.FeasibleFound,
    }.ToJsonString();

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.ToArray(), ApiJson.Options);

    private sealed class ProgressSink(Action<SolveProgress> report) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => report(value);
    }
}
