using System.CommandLine;
using System.Text.Json.Nodes;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Exact;
using Partitioner.Exact.Cbc;

namespace Partitioner.Cli.Commands;

/// <summary>
/// <c>partitioner localities</c>: splits one consortium (the practices sharing a grouping value, e.g. one CCG)
/// into contiguous localities of at most ~30,000 patients, solved exactly by CBC with a proof of optimality.
/// </summary>
internal static class LocalitiesCommand
{
    public static Command Create()
    {
        var practices = new Argument<string>("practices") { Description = "Practices: GeoJSON points or CSV." };
        var groupBy = new Option<string>("--group-by") { Description = "Field naming each practice's consortium (e.g. ccg_code).", Required = true };
        var consortium = new Option<string>("--consortium") { Description = "The consortium to split (a value of the grouping field, e.g. 00C).", Required = true };
        var max = new Option<double>("--max") { Description = "Largest locality, in patients.", DefaultValueFactory = _ => 30_000 };
        var min = new Option<double>("--min") { Description = "Smallest locality, in patients.", DefaultValueFactory = _ => 0 };
        var time = new Option<double>("--time") { Description = "CBC time limit in seconds.", DefaultValueFactory = _ => 60 };
        var output = new Option<string>("--out") { Description = "Folder for consortia.geojson (the localities), practices.geojson and report.json.", Required = true };
        var command = new Command("localities", "Split one consortium into contiguous localities (default at most 30,000 patients), solved exactly by CBC.")
        {
            practices, groupBy, consortium, max, min, time, output,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            CbcLibrary.EnsureAvailable();
            string field = r.GetValue(groupBy)!, name = r.GetValue(consortium)!;
            var all = PracticeReader.ReadFile(r.GetValue(practices)!, new PracticeReadOptions { Fields = new FieldMapping { Group = field } });
            var rules = new ConsortiumRules { MinPatients = r.GetValue(min), MaxPatients = r.GetValue(max) };
            var options = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(r.GetValue(time)) };
            Console.Error.WriteLine($"Splitting {name} into localities of {rules.MinPatients:N0}–{rules.MaxPatients:N0} patients …");
            var split = LocalityStudy.Split(all, field, name, rules, options);
            var (study, result, evaluation) = (split.Study, split.Result, split.Evaluation);
            Console.Error.WriteLine($"  {study.Practices.Count} practices, {study.Practices.TotalPatients:N0} patients. CBC: {result.Status}, {result.Elapsed.TotalSeconds:0.0} s. {result.Message}");
            if (evaluation is null)
                return 4;
            var parameters = new JsonObject
            {
                ["command"] = "localities",
                ["practices"] = r.GetValue(practices),
                ["group_by"] = field,
                ["consortium"] = name,
                ["min_patients"] = rules.MinPatients,
                ["max_patients"] = rules.MaxPatients,
                ["time_seconds"] = options.TimeLimit.TotalSeconds,
            };
            string outDir = r.GetValue(output)!;
            study.WriteOutputs(outDir, evaluation, parameters, new Dictionary<string, JsonNode?> { ["exact"] = ExactReport.Section(result, options) });
            Summary.Print(evaluation, outDir, "localities");
            return evaluation.Summary.MeetsAllRules ? 0 : 3;
        }));
        return command;
    }
}
