using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Exact;

namespace Partitioner.Api.Planning;

/// <summary>
/// Splits one consortium (the practices sharing a group_by value) into contiguous localities of at most
/// <c>options.max</c> patients (default 30,000) and the request's balance rules, by the exact solver (CP-SAT) within the
/// synchronous time limit, or by the heuristic with the gap reported when no proof comes in time.
/// </summary>
public sealed class LocalityPlanner(StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public PlanOutputs Split(PlanningInput input, string consortium, Work work)
    {
        RequestNames.Check("path", "consortium", consortium);
        var groupBy = input.GroupBy ?? input.Options.GroupBy;
        if (string.IsNullOrWhiteSpace(groupBy))
            throw new InputException("body", "group_by", null, "Say which property names each practice's consortium, e.g. \"group_by\": \"ccg_code\".");
        // Localities have their own default range: no minimum, at most 30,000 patients.
        input.Options.Min ??= 1;
        input.Options.Max ??= 30_000;
        var request = RequestMapping.From(input.Options, _settings.SyncTimeLimitSeconds, _settings.SyncLimits(), evaluating: true, groupBy: groupBy, boundaryLimits: _settings.BoundaryLimits());
        RequestMapping.RefuseLevels(input.Options, request, "POST /v1/localities splits one consortium");
        RequestMapping.RefuseMembers(input, "POST /v1/localities");
        RequestMapping.RefuseUnused(input.Options, "A split into localities (min, max and balance)", "count_min", "count_max", "target_size", "count_preference",
            "locks", "objective", "whole_councils", "deprived_share", "seeds", "exact", "recombine", "recut", "localities");
        // Practices of other consortia need no group value: only this consortium is split.
        var all = loader.ReadPractices(input, request, _settings.MaxPractices, "POST /v1/localities", groupOptional: true);
        int members = all.Practices.Count(p => p.Group == consortium);
        if (members > _settings.MaxSyncPractices)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Too many practices",
                $"Consortium '{SafeText.Of(consortium)}' has {members} practices; exact localities are offered for up to {_settings.MaxSyncPractices}.");
        work.Admit(WorkBudget.For(members, 0, request.TimeLimitSeconds), wait: false);
        work.Token.ThrowIfCancellationRequested();
        var rules = new ConsortiumRules
        {
            MinPatients = request.MinPatients, MaxPatients = request.MaxPatients,
            Deprivation = request.Deprivation, Spend = request.Spend,
        };
        // The request's time limit: the service's synchronous limit unless the options ask for less (more is refused).
        var exactOptions = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(request.TimeLimitSeconds) };
        // Localities leave a practice lacking a value the balance rules need out of the balance sums, unless options.missing says otherwise.
        var split = LocalityStudy.Split(all, groupBy, consortium, rules, exactOptions, input.Options.Missing is null ? MissingValuePolicy.Exclude : request.Missing);
        if (split.Evaluation is null)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "No split into localities", split.Result.Message);
        var parameters = StudyLoader.Parameters(input, "localities", request);
        parameters["consortium"] = consortium;
        return PlanOutputs.Write(split.Study, split.Evaluation, parameters, new Dictionary<string, JsonNode?> { ["exact"] = ExactReport.Section(split.Result, exactOptions) });
    }
}
