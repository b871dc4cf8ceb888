using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Runs one job from its stored input to its stored result: read practices, prepare the study, solve (cancellable,
/// reporting progress), write the three documents; an ensemble job is handed to <see cref="EnsembleRunner"/>. Input errors fail the job with the problems listed; a strict
/// infeasible request fails it with the solver's reasons; a shutdown puts it back in the queue.
/// </summary>
public sealed class JobRunner(JobStore store, JobActivity activity, StudyLoader loader, EnsembleRunner ensembles, IOptions<PartitionerApiOptions> options, ILogger<JobRunner> logger)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public void Run(string id, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested || !store.TryStart(id)) return;
        using var running = new RunningJob(id, stopping);
        activity.Add(running);
        try
        {
            Execute(running, stopping);
        }
        catch (OperationCanceledException) when (running.Cancellation.IsCancellationRequested)
        {
            Stopped(running, stopping);
        }
        catch (InputException e)
        {
            store.Finish(id, JobState.Failed, "The input has problems: " + ProblemExceptionHandler.Summary(e.Problems), Json(e.Problems.Select(ErrorItem.From)), null, null, null);
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

    private void Execute(RunningJob running, CancellationToken stopping)
    {
        var id = running.Id;
        if (store.Get(id) is { } job && EnsembleService.IsEnsemble(job))
        {
            ensembles.Execute(running);
            return;
        }
        var stored = store.GetInput(id) ?? throw new InvalidOperationException($"Job {id} has no stored input.");
        var planning = RequestReader.ParseOptions(Encoding.UTF8.GetBytes(stored.OptionsJson), "options");
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var settings = PlanningSettings.From(planning, _settings.DefaultJobTimeLimitSeconds, _settings.MaxJobTimeLimitSeconds);
        var token = running.Cancellation.Token;

        running.Phase = "reading practices";
        var practices = loader.ReadPractices(input, settings, _settings.MaxPractices, "a job");
        token.ThrowIfCancellationRequested();
        running.Phase = "building geography";
        var study = loader.Prepare(input, settings, practices);
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
        var solverOptions = settings.Solver with { Progress = progress, ProgressInterval = TimeSpan.FromMilliseconds(200) };
        var outcome = SolveRunner.Run(study, solverOptions, settings.Locks, settings.MinimiseDisruption, token);
        var finalProgress = ProgressJson(new SolveProgress(outcome.Result.Statistics.Elapsed, outcome.Result.Statistics.Steps, outcome.Result.Statistics.Restarts,
            outcome.Result.Objective.Total, outcome.Result.Violation, outcome.Result.Status == SolveStatus.Feasible), "done");

        if (running.Cancellation.IsCancellationRequested)
        {
            Stopped(running, stopping);
            return;
        }
        if (!SolveRunner.HasPlan(outcome))
        {
            var issues = new JsonArray(outcome.Result.Issues.Select(i => (JsonNode)SolveRunner.Issue(i)).ToArray());
            string why = outcome.Result.Issues.Count > 0 ? outcome.Result.Issues[0].Message : "The solver found no plan meeting every rule.";
            store.Finish(id, JobState.Failed, $"No plan meets every rule ({SolveRunner.Snake(outcome.Result.Termination.ToString())}): {why}",
                issues.ToJsonString(), Summary(outcome, null).ToJsonString(), finalProgress, null);
            return;
        }
        var record = store.Get(id)!;
        var parameters = JsonNode.Parse(record.ParametersJson)!.AsObject();
        var outputs = PlanOutputs.Write(study, outcome.Evaluation!, parameters, new Dictionary<string, JsonNode?> { ["solver"] = outcome.SolverSection });
        var summary = Summary(outcome, outputs.Report);
        var remaining = new JsonArray(outcome.Result.Issues.Select(i => (JsonNode)SolveRunner.Issue(i)).ToArray());
        string message = outcome.Result.Status == SolveStatus.Feasible
            ? $"{outcome.Result.ConsortiumCount} consortia meeting every rule."
            : $"{outcome.Result.ConsortiumCount} consortia (best effort): {outcome.Result.Issues.Count} rule breach(es) remain, listed in errors.";
        store.Finish(id, JobState.Succeeded, message, remaining.ToJsonString(), summary.ToJsonString(), finalProgress, outputs);
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

    private static JsonObject Summary(StudySolution outcome, byte[]? report)
    {
        var summary = report is null ? new JsonObject() : (JsonNode.Parse(report)?["summary"]?.DeepClone() as JsonObject ?? new JsonObject());
        summary["solver_status"] = SolveRunner.Snake(outcome.Result.Status.ToString());
        summary["termination"] = SolveRunner.Snake(outcome.Result.Termination.ToString());
        summary["objective"] = outcome.SolverSection["objective"]?.DeepClone();
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
