using System.Text.Json;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>Submits and describes sweeps: jobs of the same store and queue whose result is a trade-off table.</summary>
public sealed class SweepService(IJobService jobs, StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>Checks the bands, the options and the practices (400/413 now), stores the sweep and queues it; 429 when the queue is full.</summary>
    public JobStatus Submit(PlanningInput input)
    {
        if (input.Options.Balance is not null)
            throw new InputException("options", "balance", null, "A sweep sets deprivation and spend to each band in turn. Leave options.balance out and give the bands in sweep.bands or sweep.from.");
        var bands = SweepMapping.From(input.Sweep);
        RequestMapping.RefuseMembers(input, "POST /v1/sweeps", sweep: true);
        var request = Request(RequestMapping.ForPlanning(input));
        RequestMapping.RefuseLevels(input.Options, request, "A sweep solves the consortia of each band");
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a sweep");
        Core.Practices.MissingValues.Apply(practices, request.Missing, true, true);
        var parameters = StudyLoader.Parameters(input, "sweep", request);
        parameters["sweep"] = bands.ToString();
        var job = new NewJob(Guid.NewGuid().ToString("N"), JobKinds.Sweep, input.Dataset, input.Dataset is null ? input.Practices : null,
            JsonSerializer.Serialize(input.Options, ApiJson.Options), input.GroupBy, parameters.ToJsonString(), practices.Count, SweepWork.ItemCount(bands), SweepMapping.ToJson(bands));
        var status = jobs.Enqueue(job);
        return WithLinks(status);
    }

    /// <summary>A sweep's request: the job defaults (time limit, one thread) and this service's limits.</summary>
    public StudyRequest Request(PlanningOptions o) =>
        RequestMapping.From(o, _settings.DefaultJobTimeLimitSeconds, _settings.JobLimits(), threads: 1, boundaryLimits: _settings.BoundaryLimits());

    /// <summary>A sweep's status with its own links (the table once it has succeeded); null for an unknown id or a job that is not a sweep.</summary>
    public JobStatus? Find(string id) =>
        jobs.Find(id) is { } status && status.Parameters?["operation"]?.GetValue<string>() == "sweep" ? WithLinks(status) : null;

    private static JobStatus WithLinks(JobStatus status)
    {
        string self = $"/v1/sweeps/{status.Id}";
        bool done = status.State == "succeeded";
        return status with { Links = new JobLinks(self, null, null, done ? $"{self}/table" : null) };
    }
}
