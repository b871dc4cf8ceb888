using System.CommandLine;
using System.Text.Json.Nodes;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Cli.Commands;

/// <summary>
/// <c>partitioner localities</c>: splits one consortium (the practices sharing a grouping value, e.g. one CCG)
/// into contiguous localities of at most ~30,000 patients (optionally balanced), solved by the exact solver (CP-SAT) with
/// a proof of optimality where it finds one in time, otherwise by the heuristic with the gap reported.
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
        var balance = new Option<string[]>("--balance") { Description = "Balance tolerance for each locality: deprivation=0.2 (±20% of the mean of the practices split) or spend=15abs. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var time = new Option<double>("--time") { Description = "Time limit in seconds.", DefaultValueFactory = _ => 60 };
        var missing = new Option<string>("--missing") { Description = "A deprivation or spend value a balance rule needs and a practice lacks: exclude (leave it out of the balance sums), mean (fill with the consortium's mean) or error.", DefaultValueFactory = _ => "exclude" };
        var output = new Option<string>("--out") { Description = "Folder for consortia.geojson (the localities), practices.geojson and report.json.", Required = true };
        // How the practices are read: the same options as every other command's.
        var reading = new StudyOptions();
        var command = new Command("localities", "Split one consortium into contiguous localities (default at most 30,000 patients), solved by the exact solver (CP-SAT).")
        {
            practices, groupBy, consortium, max, min, balance, time, missing, reading.Crs, reading.Field, output,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string field = r.GetValue(groupBy)!, name = r.GetValue(consortium)!;
            var problems = new List<InputProblem>();
            var crs = RequestText.Crs(r.GetValue(reading.Crs), problems);
            var policy = RequestText.Missing(r.GetValue(missing), problems);
            var request = StudyOptions.WithFields(crs is { } c ? new StudyRequest { Crs = c } : new StudyRequest(), r.GetValue(reading.Field), problems);
            if (problems.Count > 0) throw new InputException(problems.Select(StudyOptions.OnCommandLine).ToList());
            // Rows of other consortia need no group value: only this consortium's practices are split. The consortium's
            // field is --group-by's, whatever a --field group= says.
            var read = new PracticeReadOptions { Fields = request.Fields with { Group = field }, CoordinateSystem = request.Crs, GroupOptional = true };
            var all = PracticeReader.ReadFile(r.GetValue(practices)!, read);
            var rules = Balance(new ConsortiumRules { MinPatients = r.GetValue(min), MaxPatients = r.GetValue(max) }, r.GetValue(balance) ?? []);
            var options = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(r.GetValue(time)) };
            Console.Error.WriteLine($"Splitting {name} into localities of {rules.MinPatients:N0}–{rules.MaxPatients:N0} patients …");
            var split = LocalityStudy.Split(all, field, name, rules, options, policy ?? MissingValuePolicy.Exclude);
            var (study, result, evaluation) = (split.Study, split.Result, split.Evaluation);
            Console.Error.WriteLine($"  {study.Practices.Count} practices, {study.Practices.TotalPatients:N0} patients. {(result.ByHeuristic ? "Heuristic" : "Exact solver (CP-SAT)")}: {result.Status}, {result.Elapsed.TotalSeconds:0.0} s. {result.Message}");
            if (evaluation is null)
                return 4;
            var asked = request.ToJson();
            var parameters = new JsonObject
            {
                ["command"] = "localities",
                ["practices"] = r.GetValue(practices),
                ["group_by"] = field,
                ["consortium"] = name,
                ["min_patients"] = rules.MinPatients,
                ["max_patients"] = rules.MaxPatients,
                ["balance"] = new JsonArray((r.GetValue(balance) ?? []).Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
                ["time_seconds"] = options.TimeLimit.TotalSeconds,
                ["missing"] = r.GetValue(missing),
                ["crs"] = asked["crs"]?.DeepClone(),
                ["fields"] = asked["fields"]?.DeepClone(),
            };
            string outDir = r.GetValue(output)!;
            study.WriteOutputs(outDir, evaluation, parameters, new Dictionary<string, JsonNode?> { ["exact"] = ExactReport.Section(result, options) });
            Summary.Print(evaluation, outDir, "localities");
            return evaluation.Summary.MeetsAllRules ? 0 : 3;
        }));
        return command;
    }

    /// <summary>The balance rules written as --balance attribute=tolerance (the shared text forms of <see cref="RequestText"/>).</summary>
    private static ConsortiumRules Balance(ConsortiumRules rules, string[] specs)
    {
        var problems = new List<InputProblem>();
        var request = new StudyRequest();
        foreach (var spec in specs) request = RequestText.WithBalance(request, spec, problems);
        if (problems.Count > 0) throw new InputException(problems.Select(StudyOptions.OnCommandLine).ToList());
        return rules with { Deprivation = request.Deprivation, Spend = request.Spend };
    }
}
