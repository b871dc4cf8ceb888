using System.CommandLine;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>
/// <c>partitioner federate</c>: the levels above an existing plan. Either groups its consortia into federations (and
/// support agencies) with the solver, or, given the federations (a practice field or a consortium → federation table,
/// e.g. the 2021 CCGs and their 2022 ICBs), measures that nested map.
/// </summary>
internal static class FederateCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var levels = new LevelOptions();
        var groupBy = new Option<string?>("--group-by") { Description = "The practices' field holding each practice's consortium (e.g. ccg_code)." };
        var mapping = new Option<string?>("--mapping") { Description = "The consortia instead of a grouping field: a CSV of practice_code,consortium (e.g. from a plan's practices layer), or the consortia as polygons (GeoJSON or GeoPackage)." };
        var federationBy = new Option<string?>("--federation-by") { Description = "Measure given federations: the practices' field holding each practice's federation (e.g. icb_code_2022)." };
        var federationMapping = new Option<string?>("--federation-mapping") { Description = "Measure given federations: a CSV whose first two columns are consortium,federation (e.g. ccg_to_icb_2022.csv)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var time = new Option<double>("--time") { Description = "Time limit in seconds per level.", DefaultValueFactory = _ => 60 };
        var maxSteps = new Option<long?>("--max-steps") { Description = "Step budget per restart (default: set by the number of consortia)." };
        var restarts = new Option<int>("--restarts") { Description = "Independent restarts.", DefaultValueFactory = _ => 4 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (the plan does not depend on it)." };
        var mode = new Option<string>("--mode") { Description = "strict or best-effort, for the levels grouped by the solver.", DefaultValueFactory = _ => "strict" };
        var command = new Command("federate", "Group an existing plan's consortia into federations (and support agencies), or measure given federations.");
        study.AddTo(command);
        foreach (var o in new Option[] { groupBy, mapping, federationBy, federationMapping, seed, time, maxSteps, restarts, threads, mode }) command.Options.Add(o);
        levels.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? group = r.GetValue(groupBy), map = r.GetValue(mapping);
            if ((group is null) == (map is null))
                throw new InputException("federate", "--group-by/--mapping", null, "Say which plan to federate: either --group-by FIELD or --mapping FILE.");
            string? fedField = r.GetValue(federationBy), fedMap = r.GetValue(federationMapping);
            if (fedField is not null && fedMap is not null)
                throw new InputException("federate", "--federation-by/--federation-mapping", null, "Give the federations one way: --federation-by FIELD or --federation-mapping FILE.");
            bool given = fedField is not null || fedMap is not null;
            if (!given && r.GetValue(levels.Federations) is null)
                throw new InputException("federate", "--federations", null, "Say what to build: --federations MIN (e.g. 500000) to group the consortia, or --federation-by / --federation-mapping to measure given federations.");
            var problems = new List<InputProblem>();
            var request = study.Request(r, group, problems) with
            {
                Seed = r.GetValue(seed),
                TimeLimitSeconds = r.GetValue(time),
                MaxSteps = r.GetValue(maxSteps),
                Restarts = r.GetValue(restarts),
                Threads = r.GetValue(threads),
                Mode = RequestText.Mode(r.GetValue(mode), problems) ?? SolveMode.Strict,
                RiskReserve = r.GetValue(levels.RiskReserve),
            };
            request = request with { Levels = levels.Request(r, request.Rules(), null, [], problems) };
            if (request.Levels.MovesBudget is not null)
                problems.Add(new InputProblem("--max-moves", "federate", null, "A moves budget belongs to solve (partitioner solve --group-by FIELD --max-moves N)."));
            request = StudyOptions.Checked(request, problems, evaluating: true);
            var rules = request.Rules();
            var levelRequest = request.Levels;
            List<KeyValuePair<string, string>>? proposal = null;
            var s = study.Prepare(r, request, map is null ? null : practices => StudyOptions.Proposal(practices, map, out proposal));
            var consortia = group is not null ? Plan.FromGroups(s.Practices, group) : Plan.FromMapping(s.Practices, proposal!, Path.GetFileName(map!));
            var parameters = study.Parameters(r, "federate", request);
            parameters["mapping"] = map;
            parameters["federation_by"] = fedField;
            parameters["federation_mapping"] = fedMap;

            LevelsOutcome outcome;
            if (given)
            {
                var federations = fedField is not null ? LevelMaps.FromProperty(s.Practices, fedField) : LevelMaps.FromUnitMapping(consortia, MappingReader.ReadFile(fedMap!, "consortium,federation"), Path.GetFileName(fedMap!));
                var fedRules = levelRequest.Federations ?? LevelRules.Federations(rules, r.GetValue(levels.Federations) ?? 500_000, r.GetValue(levels.FederationMax));
                outcome = LevelsStudy.Evaluate(s, consortia, [(fedRules, federations, fedField ?? Path.GetFileName(fedMap!))], levelRequest with { Federations = null, Agencies = null });
            }
            else
            {
                outcome = LevelsStudy.Federate(s, consortia, levelRequest, request.SolverOptions());
            }
            return LevelOptions.Finish(s, outcome, parameters, r.GetValue(study.Out)!, r.GetValue(study.Format));
        }));
        return command;
    }
}
