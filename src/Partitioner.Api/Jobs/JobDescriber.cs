using System.Text.Json;
using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>A stored job as the API shows it (the same in both modes), with live progress where the caller has it.</summary>
public static class JobDescriber
{
    /// <summary>
    /// The status of <paramref name="r"/>; <paramref name="live"/> replaces the stored progress of a running job and
    /// <paramref name="liveMessage"/> its message; <paramref name="queueLength"/> is shown while it is queued.
    /// </summary>
    public static JobStatus Describe(JobRecord r, JsonObject? live, string? liveMessage, int queueLength)
    {
        var parameters = JsonNode.Parse(r.ParametersJson);
        ulong seed = parameters?["seed"] is JsonValue v && v.TryGetValue<ulong>(out var s) ? s : 1;
        JobProgress? progress = live is not null ? live.Deserialize<JobProgress>(ApiJson.Options)
            : r.ProgressJson is null ? null : JsonSerializer.Deserialize<JobProgress>(r.ProgressJson, ApiJson.Options);
        string? message = r.Message;
        if (r.State == JobState.Running) message ??= liveMessage;
        message ??= r.State == JobState.Queued ? "Waiting for a worker." : null;
        string self = $"/v1/jobs/{r.Id}";
        bool results = r.State == JobState.Succeeded && r.HasResult;
        return new JobStatus
        {
            Id = r.Id,
            State = r.State.Name(),
            Message = message,
            CreatedAt = r.CreatedAt,
            StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt,
            Seed = seed,
            Practices = r.PracticeCount,
            Attempts = r.Attempts,
            QueueLength = r.State == JobState.Queued ? queueLength : null,
            Progress = progress,
            Parameters = parameters,
            Errors = r.ErrorsJson is null ? null : JsonNode.Parse(r.ErrorsJson),
            Summary = r.SummaryJson is null ? null : JsonNode.Parse(r.SummaryJson),
            Links = new JobLinks(self, results ? $"{self}/consortia" : null, results ? $"{self}/practices" : null, results ? $"{self}/report" : null),
        };
    }
}
