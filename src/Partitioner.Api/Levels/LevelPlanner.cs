using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Planning;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Levels;

/// <summary>
/// POST /v1/federations: the levels above an existing plan (group_by or mapping): its consortia grouped into
/// federations (and agencies) within the synchronous time limit, or, with options.federation_by, the given federations
/// measured (e.g. the 2021 CCGs and their ICBs).
/// </summary>
public sealed class LevelPlanner(StudyLoader loader, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public PlanOutputs Federate(PlanningInput input)
    {
        RequestMapping.RefuseMembers(input, "POST /v1/federations", mapping: true, federationMapping: true);
        var groupBy = input.GroupBy ?? input.Options.GroupBy;
        if (input.Mapping is not null && groupBy is not null)
            throw new InputException("body", "mapping", null, "Give either group_by or mapping, not both.");
        if (input.Mapping is null && string.IsNullOrWhiteSpace(groupBy))
            throw new InputException("body", "group_by", null, "No plan to federate: give group_by (the property naming each practice's consortium, e.g. \"ccg_code\") or mapping ({\"practice_code\": \"consortium\"}, or the consortia as a GeoJSON FeatureCollection of polygons).");
        var o = input.Options;
        if (o.FederationBy is not null && input.FederationMapping is not null)
            throw new InputException("body", "federation_mapping", null, "Give the federations one way: options.federation_by (a practice property) or federation_mapping (consortium → federation).");
        if (o.FederationBy is null && input.FederationMapping is null && o.Federations is null)
            throw new InputException("options", "federations", null, "Say what to build: options.federations ({\"min\": 500000}) to group the consortia, or options.federation_by (e.g. \"icb_code_2022\") or federation_mapping ({\"consortium\": \"federation\"}) to measure given federations.");
        if (o.MaxMoves is not null || o.MaxMovedPatients is not null)
            throw new InputException("options", o.MaxMoves is not null ? "max_moves" : "max_moved_patients", (o.MaxMoves?.ToString() ?? o.MaxMovedPatients?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "A moves budget belongs to a solve (POST /v1/jobs with group_by and max_moves or max_moved_patients).");
        var planning = RequestMapping.From(o, _settings.SyncTimeLimitSeconds, _settings.SyncLimits(), evaluating: true, groupBy: groupBy);
        // The plan given is the one federated, not a current map to move from; locks pin practices, not consortia.
        var request = planning.Levels with { CurrentMap = null, Locks = [] };
        var practices = loader.ReadPractices(input, planning, _settings.MaxPractices, "POST /v1/federations");
        IReadOnlyList<InputWarning> notes = [];
        var mapping = input.Mapping is null ? null : SyncPlanner.Proposal(input.Mapping, practices, int.MaxValue, out notes);
        practices = practices.With(practices.Practices, notes);
        _ = mapping is null ? Plan.FromGroups(practices, groupBy!) : Plan.FromMapping(practices, mapping);
        var study = loader.Prepare(input, planning, practices);
        var consortia = mapping is null ? Plan.FromGroups(study.Practices, groupBy!) : Plan.FromMapping(study.Practices, mapping);
        LevelsOutcome outcome;
        if (o.FederationBy is not null || input.FederationMapping is not null)
        {
            // Given federations: a practice property, or each consortium's federation.
            var (federations, source) = o.FederationBy is { } field
                ? (LevelMaps.FromProperty(study.Practices, field), field)
                : (LevelMaps.FromUnitMapping(consortia, SyncPlanner.Mapping(input.FederationMapping!, _settings.MaxPractices, "federation_mapping", "consortium", "federation"), "federation_mapping"), "federation_mapping");
            var rules = request.Federations ?? LevelRules.Federations(planning.Rules());
            outcome = LevelsStudy.Evaluate(study, consortia, [(rules, federations, source)], request with { Federations = null, Agencies = null });
        }
        else
        {
            outcome = LevelsStudy.Federate(study, consortia, request, planning.SolverOptions() with { MaxDegreeOfParallelism = null });
        }
        var parameters = StudyLoader.Parameters(input, "federate", planning);
        return PlanOutputs.Write(study, outcome, parameters);
    }
}
