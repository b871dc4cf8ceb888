using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Submits, describes, cancels and deletes jobs; validates a submission before accepting it.</summary>
public sealed class JobService(JobStore store, JobQueue queue, JobActivity activity, StudyLoader loader, WorkAdmission admission, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>
    /// Checks the options and reads the practices (400/413 now rather than a failed job later), checks the job's budget
    /// fits the service (413), stores the job and queues it; 429 when the queue is full.
    /// </summary>
    public JobStatus Submit(PlanningInput input)
    {
        if (input.Sweep is not null)
            throw new Core.Practices.InputException("body", "sweep", null, "A sweep is submitted to POST /v1/sweeps; POST /v1/jobs solves one plan.");
        var request = JobRequest(input.Options);
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a job");
        Planning.GuardedExactEngine.Check(request, practices.Count);
        var budget = loader.Budget(input, request, practices);
        if (budget.Bytes > admission.LimitBytes)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Job too large for this service",
                $"The job needs {budget.Describe()}; this service allows {WorkBudget.Megabytes(admission.LimitBytes)} MB of work at once. Send fewer practices or a simpler boundary.");
        var unknown = request.Locks.Where(l => practices.IndexOf(l.Key) < 0).Select(l => new Core.Practices.InputProblem($"locks.{l.Key}", "practice_code", l.Key, "No practice with this code is in the input (or it has 0 patients). Check the code.")).ToList();
        if (unknown.Count > 0) throw new Core.Practices.InputException(unknown);
        // Missing values a rule needs are reported now (400), not as a failed job later; cheap next to the geography.
        Core.Practices.MissingValues.Apply(practices, request.Missing, request.Deprivation is not null || request.DeprivedShare is not null, request.Spend is not null);
        if (queue.Count >= queue.Capacity) throw QueueFull();

        var id = Guid.NewGuid().ToString("N");
        var parameters = StudyLoader.Parameters(input, "solve_job", request);
        var optionsJson = JsonSerializer.Serialize(input.Options, ApiJson.Options);
        store.Insert(id, new StoredInput(input.Dataset, input.Dataset is null ? input.Practices : null, optionsJson, input.GroupBy), parameters.ToJsonString(), practices.Count);
        if (!queue.TryEnqueue(id))
        {
            store.Delete(id);
            throw QueueFull();
        }
        return Describe(store.Get(id)!);
    }

    /// <summary>A job's request: the job defaults (time limit, one thread) and limits of this service.</summary>
    public Core.Studies.StudyRequest JobRequest(Contracts.PlanningOptions options) =>
        RequestMapping.From(options, _settings.DefaultJobTimeLimitSeconds, _settings.JobLimits(), threads: 1, boundaryLimits: _settings.BoundaryLimits());

    private ApiProblemException QueueFull() => new(StatusCodes.Status429TooManyRequests, "Too many jobs waiting",
        $"The job queue is full ({queue.Capacity} jobs waiting). Retry after a few seconds, or use POST /v1/solve for a small study.")
    {
        RetryAfterSeconds = 5,
    };

    public JobStatus? Find(string id) => store.Get(id) is { } r ? Describe(r) : null;

    /// <summary>
    /// Cancels a queued or running job (true), or returns false when it has already finished. The cancel is stored
    /// before the solve is told, so it holds across a crash: a queued job is cancelled at once, a running one is marked
    /// (the runner also checks the mark when it starts, in case the job started between the two).
    /// </summary>
    public bool Cancel(string id)
    {
        if (store.CancelQueued(id, "Cancelled at the user's request before it started.")) return true;
        if (!store.RequestCancel(id)) return false;
        activity.Find(id)?.RequestCancel();
        return true;
    }

    public bool Delete(string id) => store.Delete(id);

    public byte[]? Result(string id, string document) => store.GetResult(id, document);

    /// <summary>A sweep's table, "json" or "csv"; null when it has none.</summary>
    public byte[]? SweepTable(string id, string format) => store.GetSweepTable(id, format);

    public JobStatus Describe(JobRecord r)
    {
        var parameters = JsonNode.Parse(r.ParametersJson);
        ulong seed = parameters?["seed"] is JsonValue v && v.TryGetValue<ulong>(out var s) ? s : 1;
        JobProgress? progress = r.ProgressJson is null ? null : JsonSerializer.Deserialize<JobProgress>(r.ProgressJson, ApiJson.Options);
        string? message = r.Message;
        if (r.State == JobState.Running && activity.Find(r.Id) is { } running)
        {
            progress = running.Progress is { } p
                ? JsonSerializer.Deserialize<JobProgress>(JobRunner.ProgressJson(p, running.Phase), ApiJson.Options)
                : new JobProgress { Phase = running.Phase, ElapsedSeconds = Math.Round((DateTimeOffset.UtcNow - running.Started).TotalSeconds, 3) };
            message ??= running.CancelRequested ? "Cancelling." : $"Running: {running.Phase}.";
        }
        message ??= r.State == JobState.Queued ? "Waiting for a worker." : null;
        string self = $"/v1/jobs/{r.Id}";
        bool results = r.State == JobState.Succeeded && r.HasResult;
        return new JobStatus
        {
            Id = r.Id,
            State = r.State.ToString().ToLowerInvariant(),
            Message = message,
            CreatedAt = r.CreatedAt,
            StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt,
            Seed = seed,
            Practices = r.PracticeCount,
            Attempts = r.Attempts,
            QueueLength = r.State == JobState.Queued ? queue.Count : null,
            Progress = progress,
            Parameters = parameters,
            Errors = r.ErrorsJson is null ? null : JsonNode.Parse(r.ErrorsJson),
            Summary = r.SummaryJson is null ? null : JsonNode.Parse(r.SummaryJson),
            Links = new JobLinks(self, results ? $"{self}/consortia" : null, results ? $"{self}/practices" : null, results ? $"{self}/report" : null),
        };
    }
}
