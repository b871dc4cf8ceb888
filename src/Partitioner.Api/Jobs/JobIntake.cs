using System.Text.Json;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Planning;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Jobs;

/// <summary>
/// The checks a job passes before it is accepted, the same in both modes: options, practices (count limit, locks,
/// missing values a rule needs, the job's budget against the service's), then what to store. The geography is built
/// later, by whoever runs the job.
/// </summary>
public sealed class JobIntake(StudyLoader loader, SolveWork work, WorkAdmission admission, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>The job to store for <paramref name="input"/>; throws InputException (400) or ApiProblemException (404/413).</summary>
    public NewJob Check(PlanningInput input)
    {
        RequestMapping.RefuseMembers(input, "POST /v1/jobs");
        var request = work.Request(RequestMapping.ForPlanning(input));
        if (input.Options.FederationBy is not null)
            throw new InputException("options", "federation_by", input.Options.FederationBy, "A job plans its own federations (options.federations); given federations are measured by POST /v1/federations.");
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a job");
        GuardedExactEngine.Check(request, practices.Count);
        admission.CheckFits("The job", loader.Budget(input, request, practices), "Job too large for this service");
        var unknown = request.Locks.Where(l => practices.IndexOf(l.Key) < 0)
            .Select(l => new InputProblem($"locks.{l.Key}", "practice_code", l.Key, "No practice with this code is in the input (or it has 0 patients). Check the code.")).ToList();
        if (unknown.Count > 0) throw new InputException(unknown);
        // Missing values a rule needs are reported now (400), not as a failed job later; cheap next to the geography.
        MissingValues.Apply(practices, request.Missing, request.Deprivation is not null || request.DeprivedShare is not null, request.Spend is not null);
        var parameters = StudyLoader.Parameters(input, "solve_job", request);
        return new NewJob(Guid.NewGuid().ToString("N"), JobKinds.Solve, input.Dataset, input.Dataset is null ? input.Practices : null,
            JsonSerializer.Serialize(input.Options, ApiJson.Options), input.GroupBy, parameters.ToJsonString(), practices.Count, SolveWork.ItemCount(input.Options, request));
    }

    /// <summary>The 429 answer when the queue is full.</summary>
    public static ApiProblemException QueueFull(int capacity) => new(StatusCodes.Status429TooManyRequests, "Too many jobs waiting",
        $"The job queue is full ({capacity} jobs waiting). Retry after a few seconds, or use POST /v1/solve for a small study.")
    {
        RetryAfterSeconds = 5,
    };
}
