using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Planning;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Ensembles;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Ensembles as jobs: submits them (checked at once, then queued like solves and run by the same workers through
/// <see cref="EnsembleWork"/>, one work item per chain), describes them, serves their files and tests proposals against them.
/// </summary>
public sealed class EnsembleService(IJobService jobs, StudyLoader loader, WorkAdmission admission, IOptions<PartitionerApiOptions> options)
{
    /// <summary>The <c>operation</c> an ensemble job's parameters carry (what tells the runner it is not a solve).</summary>
    public const string Operation = "ensemble_job";
    public const int MaxPlans = 100_000, MaxChains = 64;
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>Checks the request (400 with every problem, 413, 429) and queues the ensemble.</summary>
    public EnsembleStatus Submit(PlanningInput input, JsonNode? ensembleNode)
    {
        var ensemble = Settings(ensembleNode);
        RequestMapping.RefuseMembers(input, "POST /v1/ensembles");
        var settings = Planning(input.Options, input.GroupBy);
        var practices = loader.ReadPractices(input, settings, _settings.MaxPractices, "an ensemble");
        var sampling = Core(ensemble);
        admission.CheckFits(string.Create(CultureInfo.InvariantCulture, $"The ensemble of {sampling.Plans:N0} plans"), loader.EnsembleBudget(input, settings, practices, sampling),
            "Ensemble too large for this service", "Ask for fewer plans (ensemble.plans) or send fewer practices.");
        var rules = settings.Rules();
        MissingValues.Apply(practices, settings.Missing, rules.Deprivation is not null || rules.MinDeprivedShare is not null, rules.Spend is not null);
        var parameters = StudyLoader.Parameters(input, Operation, settings);
        parameters["ensemble"] = JsonSerializer.SerializeToNode(ensemble, ApiJson.Options);
        parameters["seed"] = ensemble.Seed ?? 1;
        var job = new NewJob(Guid.NewGuid().ToString("N"), JobKinds.Ensemble, input.Dataset, input.Dataset is null ? input.Practices : null,
            JsonSerializer.Serialize(input.Options, ApiJson.Options), input.GroupBy, parameters.ToJsonString(), practices.Count, sampling.Chains);
        var status = jobs.Enqueue(job);
        return Describe(status, jobs.Record(status.Id)!);
    }

    /// <summary>The sampling settings of a request or a stored job, checked (400 listing every problem).</summary>
    internal static EnsembleSettings Settings(JsonNode? node)
    {
        var s = node is null ? new EnsembleSettings() : RequestReader.Deserialize<EnsembleSettings>(node, "ensemble");
        var problems = new List<InputProblem>(Core(s).Problems());
        if (s.Plans is > MaxPlans) problems.Add(new InputProblem("ensemble", "plans", s.Plans.Value.ToString(CultureInfo.InvariantCulture), $"At most {MaxPlans:N0} plans per ensemble here."));
        if (s.Chains is > MaxChains) problems.Add(new InputProblem("ensemble", "chains", s.Chains.Value.ToString(CultureInfo.InvariantCulture), $"At most {MaxChains} chains per ensemble here."));
        if (problems.Count > 0) throw new InputException(problems);
        return s;
    }

    /// <summary>The Core options for the settings (one thread per job: the workers give the parallelism).</summary>
    internal static EnsembleOptions Core(EnsembleSettings s) => new()
    {
        Plans = s.Plans ?? 1000, Chains = s.Chains ?? 4, Seed = s.Seed ?? 1, Thin = s.Thin ?? 100, BurnIn = s.BurnIn, Count = s.Count,
        StartSteps = s.StartSteps, MaxDegreeOfParallelism = 1,
    };

    /// <summary>The rules and reading settings; the grouping field is the existing map (or a proposal's grouping).</summary>
    internal StudyRequest Planning(PlanningOptions o, string? groupBy) => Planning(_settings, o, groupBy);

    /// <summary>The rules and reading settings of an ensemble under <paramref name="settings"/>; locks are refused.</summary>
    internal static StudyRequest Planning(PartitionerApiOptions settings, PlanningOptions o, string? groupBy)
    {
        var request = RequestMapping.From(o, settings.DefaultJobTimeLimitSeconds, settings.JobLimits(), threads: 1, evaluating: true, groupBy: groupBy,
            boundaryLimits: settings.BoundaryLimits());
        if (request.Locks.Count > 0) throw new InputException("options", "locks", null, "An ensemble samples every valid plan; locks are not used. Leave them out.");
        RequestMapping.RefuseLevels(o, request, "An ensemble samples plans of consortia");
        RequestMapping.RefuseUnused(o, "An ensemble samples every valid plan from the spanning-tree distribution and", "target_size", "count_preference",
            "objective", "whole_councils", "seeds", "exact", "recombine", "recut", "localities");
        return request;
    }

    public EnsembleStatus? Find(string id) =>
        jobs.Find(id) is { } status && IsEnsemble(status.Parameters) && jobs.Record(id) is { } record ? Describe(status, record) : null;

    /// <summary>Whether a job with these parameters is an ensemble.</summary>
    private static bool IsEnsemble(JsonNode? parameters) => parameters?["operation"]?.GetValue<string>() == Operation;

    private static EnsembleStatus Describe(JobStatus job, JobRecord r)
    {
        string self = $"/v1/ensembles/{job.Id}";
        bool done = job.State == "succeeded";
        return new EnsembleStatus
        {
            Id = job.Id, State = job.State, Message = job.Message, CreatedAt = job.CreatedAt, StartedAt = job.StartedAt, FinishedAt = job.FinishedAt,
            Practices = job.Practices, Progress = job.State == "running" && job.Progress is not null ? JsonSerializer.SerializeToNode(job.Progress, ApiJson.Options)
                : r.ProgressJson is null ? null : JsonNode.Parse(r.ProgressJson), Parameters = job.Parameters,
            Errors = job.Errors, Summary = job.Summary,
            Links = new EnsembleLinks(self, done ? $"{self}/report" : null, done ? $"{self}/plans" : null, done ? $"{self}/cores" : null,
                done ? $"{self}/coassignment" : null, done ? $"{self}/outliers" : null),
        };
    }

    /// <summary>One file of a succeeded ensemble; throws the problem (404, 409, 422) when there is none to give.</summary>
    public byte[] File(string id, string name)
    {
        var status = Find(id) ?? throw ApiProblemException.NotFound(Unknown(id));
        switch (status.State)
        {
            case "queued" or "running":
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Result not available", $"Ensemble {id} is {status.State}; its files are available once it has succeeded. Poll {status.Links.Self}.");
            case "cancelled":
                throw new ApiProblemException(StatusCodes.Status409Conflict, "Result not available", $"Ensemble {id} was cancelled, so it has no files. Submit it again.");
            case "failed":
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "The ensemble failed", status.Message ?? $"Ensemble {id} failed.");
        }
        return jobs.File(id, name) ?? throw new ApiProblemException(StatusCodes.Status409Conflict, "Result not available", $"Ensemble {id} has no stored {name}.");
    }

    /// <summary>Tests a proposal of the ensemble's own practices against it.</summary>
    public OutlierReport Outliers(string id, OutlierRequest request)
    {
        bool byGroup = !string.IsNullOrWhiteSpace(request.GroupBy);
        if (byGroup == (request.Mapping is not null))
            throw new InputException("body", "group_by", null, "Give the proposal as group_by (the practice property naming each practice's consortium) or as mapping, one of the two.");
        var summary = File(id, EnsembleFiles.Summary);
        var stored = jobs.Input(id) ?? throw ApiProblemException.NotFound(Unknown(id));
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, byGroup ? request.GroupBy!.Trim() : stored.GroupBy);
        var settings = Planning(planning, input.GroupBy);
        var practices = loader.ReadPractices(input, settings, _settings.MaxPractices, "an ensemble");
        var plan = byGroup ? Plan.FromGroups(practices, input.GroupBy!) : Plan.FromMapping(practices, SyncPlanner.Proposal(request.Mapping!, practices, _settings.MaxPractices, out _));
        Study study = loader.Prepare(input, settings, practices);
        var ensemble = EnsembleFiles.Read(name => name == EnsembleFiles.Summary ? new MemoryStream(summary) : jobs.File(id, name) is { } b ? new MemoryStream(b) : null);
        return OutlierTest.Evaluate(ensemble, study, Plan.FromMapping(study.Practices, plan.Pairs(practices)));
    }

    public bool Cancel(string id) => jobs.Cancel(id);

    public bool Delete(string id) => jobs.Delete(id);

    internal static string Unknown(string id) => $"No ensemble '{id}'. It may never have existed, or it finished more than the retention period ago and was deleted.";
}
