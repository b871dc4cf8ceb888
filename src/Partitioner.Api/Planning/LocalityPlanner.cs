using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;
using Partitioner.Exact.Cbc;

namespace Partitioner.Api.Planning;

/// <summary>
/// Splits one consortium (the practices sharing a group_by value) into contiguous localities of at most
/// <c>options.max</c> patients (default 30,000), solved exactly by CBC within the synchronous time limit.
/// </summary>
public sealed class LocalityPlanner(StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public PlanOutputs Split(PlanningInput input, string? consortium)
    {
        var groupBy = input.GroupBy ?? input.Options.GroupBy;
        if (string.IsNullOrWhiteSpace(groupBy))
            throw new InputException("body", "group_by", null, "Say which property names each practice's consortium, e.g. \"group_by\": \"ccg_code\".");
        if (string.IsNullOrWhiteSpace(consortium))
            throw new InputException("path", "consortium", null, "Say which consortium to split: POST /v1/localities/{NAME} (a value of the group_by property).");
        if (!CbcLibrary.IsAvailable)
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Exact mode is not installed",
                "Splitting into localities needs CBC on the server: install the Debian package coinor-libcbc3 (apt-get install coinor-libcbc3).");
        // Localities have their own default range: no minimum, at most 30,000 patients.
        input.Options.Min ??= 0;
        input.Options.Max ??= 30_000;
        var settings = PlanningSettings.From(input.Options, _settings.SyncTimeLimitSeconds, _settings.SyncTimeLimitSeconds, evaluating: true, groupBy: groupBy);
        var all = loader.ReadPractices(input, settings, _settings.MaxPractices, "POST /v1/localities");
        var members = all.Practices.Where(p => p.Group == consortium).ToArray();
        if (members.Length == 0)
            throw new InputException("path", "consortium", consortium, $"No practice has {groupBy} = '{consortium}'. Check the name.");
        if (members.Length > _settings.MaxSyncPractices)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Too many practices",
                $"Consortium '{consortium}' has {members.Length} practices; exact localities are offered for up to {_settings.MaxSyncPractices}.");
        var rules = new ConsortiumRules { MinPatients = settings.Rules.MinPatients, MaxPatients = settings.Rules.MaxPatients };
        var study = Study.Prepare(new PracticeSet(members, all.Warnings, all.InputCoordinates), rules, MissingValuePolicy.Exclude);
        var exactOptions = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(_settings.SyncTimeLimitSeconds) };
        var result = ExactSolver.SplitIntoLocalities(study.ToProblem(), rules.MaxPatients, rules.MinPatients, exactOptions);
        if (result.ConsortiumOf is null)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "No split into localities", result.Message);
        var names = Enumerable.Range(1, result.ConsortiumCount).Select(i => $"{consortium}-L{i:00}").ToArray();
        var evaluation = study.Evaluate(new Plan(names, result.ConsortiumOf));
        var parameters = StudyLoader.Parameters(input, "localities");
        parameters["consortium"] = consortium;
        return PlanOutputs.Write(study, evaluation, parameters, new Dictionary<string, JsonNode?> { ["exact"] = ExactReport.Section(result, exactOptions) });
    }
}
