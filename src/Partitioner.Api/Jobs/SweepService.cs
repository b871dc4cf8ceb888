using System.Text.Json;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;

namespace Partitioner.Api.Jobs;

/// <summary>Submits and describes sweeps: jobs of the same store and queue whose result is a trade-off table.</summary>
public sealed class SweepService(JobStore store, JobQueue queue, JobService jobs, StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>Checks the bands, the options and the practices (400/413 now), stores the sweep and queues it; 429 when the queue is full.</summary>
    public JobStatus Submit(PlanningInput input)
    {
        var bands = SweepMapping.From(input.Sweep);
        var request = jobs.JobRequest(input.Options);
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a sweep");
        Core.Practices.MissingValues.Apply(practices, request.Missing, true, true);
        if (queue.Count >= queue.Capacity)
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Too many jobs waiting", $"The job queue is full ({queue.Capacity} jobs waiting). Retry after a few seconds.") { RetryAfterSeconds = 5 };

        var id = Guid.NewGuid().ToString("N");
        var parameters = StudyLoader.Parameters(input, "sweep", request);
        parameters["sweep"] = bands.ToString();
        var optionsJson = JsonSerializer.Serialize(input.Options, ApiJson.Options);
        store.Insert(id, new StoredInput(input.Dataset, input.Dataset is null ? input.Practices : null, optionsJson, input.GroupBy), parameters.ToJsonString(), practices.Count, SweepMapping.ToJson(bands));
        if (!queue.TryEnqueue(id))
        {
            store.Delete(id);
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Too many jobs waiting", $"The job queue is full ({queue.Capacity} jobs waiting). Retry after a few seconds.") { RetryAfterSeconds = 5 };
        }
        return Find(id)!;
    }

    /// <summary>A sweep's status with its own links (the table once it has succeeded); null for an unknown id or a job that is not a sweep.</summary>
    public JobStatus? Find(string id)
    {
        if (store.GetSweepBands(id) is null || jobs.Find(id) is not { } status) return null;
        string self = $"/v1/sweeps/{id}";
        bool done = status.State == "succeeded";
        return status with { Links = new JobLinks(self, null, null, done ? $"{self}/table" : null) };
    }
}
