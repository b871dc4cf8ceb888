using System.CommandLine;
using System.Globalization;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary><c>partitioner evaluate</c>: checks a proposed plan against the consortium rules.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var groupBy = new Option<string?>("--group-by") { Description = "The practices' field holding each practice's consortium (e.g. ccg_code)." };
        var mapping = new Option<string?>("--mapping") { Description = "A CSV of practice_code,consortium instead of a grouping field." };
        var command = new Command("evaluate", "Check a proposed plan (a grouping field or a practice → consortium mapping) against the rules.");
        study.AddTo(command);
        command.Options.Add(groupBy);
        command.Options.Add(mapping);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? group = r.GetValue(groupBy), map = r.GetValue(mapping);
            if ((group is null) == (map is null))
                throw new InputException("evaluate", "--group-by/--mapping", null, "Say which plan to check: either --group-by FIELD or --mapping FILE.");
            var problems = new List<InputProblem>();
            var request = StudyOptions.Checked(study.Request(r, group, problems), problems, evaluating: true);
            var s = study.Prepare(r, request);
            var plan = group is not null ? Plan.FromGroups(s.Practices, group) : Plan.FromMapping(s.Practices, MappingFile.Read(map!), Path.GetFileName(map!));
            var evaluation = s.Evaluate(plan);
            var parameters = study.Parameters(r, "evaluate", request);
            parameters["mapping"] = map;
            string outDir = r.GetValue(study.Out)!;
            s.WriteOutputs(outDir, evaluation, parameters);
            Summary.Print(evaluation, outDir);
            OutputFormat.Write(r.GetValue(study.Format), outDir);
            return evaluation.Summary.MeetsAllRules ? 0 : 3;
        }));
        return command;
    }
}
