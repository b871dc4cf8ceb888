using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Ensembles;
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
        var mapping = new Option<string?>("--mapping") { Description = "The proposal instead of a grouping field: a CSV of practice_code,consortium, or the consortia drawn as polygons, GeoJSON or GeoPackage (each practice in the polygon holding its surgery; e.g. a consortia.geojson or plan.gpkg edited in QGIS)." };
        var ensemble = new Option<string?>("--ensemble") { Description = "An ensemble folder (partitioner ensemble --out) of the same practices: also test the plan and each consortium against it (outliers.json, outliers.csv)." };
        var command = new Command("evaluate", "Check a proposed plan (a grouping field or a practice → consortium mapping) against the rules.");
        study.AddTo(command);
        command.Options.Add(groupBy);
        command.Options.Add(mapping);
        command.Options.Add(ensemble);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? group = r.GetValue(groupBy), map = r.GetValue(mapping);
            if ((group is null) == (map is null))
                throw new InputException("evaluate", "--group-by/--mapping", null, "Say which plan to check: either --group-by FIELD or --mapping FILE.");
            var problems = new List<InputProblem>();
            var request = StudyOptions.Checked(study.Request(r, group, problems), problems, evaluating: true);
            List<KeyValuePair<string, string>>? proposal = null;
            var s = study.Prepare(r, request, map is null ? null : practices => StudyOptions.Proposal(practices, map, out proposal));
            var plan = group is not null ? Plan.FromGroups(s.Practices, group) : Plan.FromMapping(s.Practices, proposal!, Path.GetFileName(map!));
            string? ensembleDir = r.GetValue(ensemble);
            var sampled = ensembleDir is null ? null : EnsembleFiles.Read(ensembleDir);
            var evaluation = s.Evaluate(plan);
            var parameters = study.Parameters(r, "evaluate", request);
            parameters["mapping"] = map;
            parameters["ensemble"] = ensembleDir;
            string outDir = r.GetValue(study.Out)!;
            var outliers = sampled is null ? null : OutlierTest.Evaluate(sampled, s, plan);
            s.WriteOutputs(outDir, evaluation, parameters, outliers is null ? null : new Dictionary<string, JsonNode?> { ["outliers"] = outliers.ToJson() });
            Summary.Print(evaluation, outDir);
            if (outliers is not null) OutlierSummary.Write(outliers, outDir);
            OutputFormat.Write(r.GetValue(study.Format), outDir);
            return evaluation.Summary.MeetsAllRules ? 0 : 3;
        }));
        return command;
    }
}
