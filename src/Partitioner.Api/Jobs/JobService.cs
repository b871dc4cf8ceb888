using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Submits, describes, cancels and deletes jobs; validates a submission before accepting it.</summary>
public sealed class JobService(JobStore store, JobQueue queue, JobActivity activity, StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>
    /// Checks the options and reads the practices (400/413 now rather than a failed job later), stores the job and
    /// queues it; 429 when the queue is full.
    /// </summary>
    public JobStatus Submit(PlanningInput input)
    {
        var settings = PlanningSettings.From(input.Options, _settings.DefaultJobTimeLimitSeconds, _settings.MaxJobTimeLimitSeconds);
        Levels.LevelSettings.From(input.Options, settings.Rules, settings.GroupField, settings.Locks);
        var practices = loader.ReadPractices(input, settings, _settings.MaxPractices, "a job");
        if (settings.Locks is not null)
        {
            var unknown = settings.Locks.Where(l => practices.IndexOf(l.Key) < 0).Select(l => new Core.Practices.InputProblem($"locks.{l.Key}", "practice_code", l.Key, "No practice with this code is in the input (or it has 0 patients). Check the code.")).ToList();
            if (unknown.Count > 0) throw new Core.Practices.InputException(unknown);
        }
        // Missing values a rule needs are reported now (400), not as a failed job later; cheap next to the geography.
        Core.Practices.MissingValues.Apply(practices, settings.Missing, settings.Rules.Deprivation is not null || settings.Rules.MinDeprivedShare is not null, settings.Rules.Spend is not null);
        if (queue.Count >= queue.Capacity) throw QueueFull();

        var id = Guid.NewGuid().ToString("N");
        var parameters = StudyLoader.Parameters(input, "solve_job");
        parameters["seed"] = settings.Solver.Seed;
        var optionsJson = JsonSerializer.Serialize(input.Options, ApiJson.Options);
        store.Insert(id, new StoredInput(input.Dataset, input.Dataset is null ? input.Practices : null, optionsJson, input.GroupBy), parameters.ToJsonString(), practices.Count);
        if (!queue.TryEnqueue(id))
        {
            store.Delete(id);
            throw QueueFull();
        }
        return Describe(store.Get(id)!);
    }

    private ApiProblemException QueueFull() => new(StatusCodes.Status429TooManyRequests, "Too many jobs waiting",
        $"The job queue is full ({queue.Capacity} jobs waiting). Retry after a few seconds, or use POST /v1/solve for a small study.")
    {
        RetryAfterSeconds = 5,
    };

    public JobStatus? Find(string id) => store.Get(id) is { } r ? Describe(r) : null;

    /// <summary>Cancels a queued or running job (true), or returns false when it has already finished.</summary>
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
