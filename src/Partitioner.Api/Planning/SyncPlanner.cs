using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Jobs;
using Partitioner.Api.Limits;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Planning;

/// <summary>The synchronous operations: a short solve of a small study, and the evaluation of a proposed plan.</summary>
public sealed class SyncPlanner(StudyLoader loader, IExactEngine exact, IOptions<PartitionerApiOptions> options)
{
    private readonly PartitionerApiOptions _settings = options.Value;

    /// <summary>
    /// Solves within the synchronous limits; 422 (with the solver's reasons) when strict and infeasible. The work's
    /// budget is admitted once the practices are read; its token stops the geography and the search.
    /// </summary>
    public PlanOutputs Solve(PlanningInput input, Work work)
    {
        var ct = work.Token;
        RequestMapping.RefuseMembers(input, "POST /v1/solve");
        var request = RequestMapping.From(RequestMapping.ForPlanning(input), _settings.SyncTimeLimitSeconds, _settings.SyncLimits(), boundaryLimits: _settings.BoundaryLimits());
        RequestMapping.RefuseLevels(input.Options, request, "POST /v1/solve plans consortia only");
        var practices = loader.ReadPractices(input, request, _settings.MaxSyncPractices, "POST /v1/solve");
        GuardedExactEngine.Check(request, practices.Count);
        work.Admit(loader.Budget(input, request, practices), wait: false);
        var study = loader.Prepare(input, request, practices, ct);
        ct.ThrowIfCancellationRequested();
        var outcome = Planner.Solve(study, request, exact, null, ct);
        ct.ThrowIfCancellationRequested();
        if (!outcome.HasPlan)
            throw Infeasible(outcome);
        return PlanOutputs.Write(study, outcome.Evaluation!, StudyLoader.Parameters(input, "solve", request), outcome.Sections, outcome.Localities?.Plan);
    }

    /// <summary>Evaluates the plan given by group_by or mapping against the rules, within the work's budget and deadline.</summary>
    public PlanOutputs Evaluate(PlanningInput input, Work work)
    {
        var ct = work.Token;
        var groupBy = input.GroupBy ?? input.Options.GroupBy;
        if (input.Mapping is not null && groupBy is not null)
            throw new InputException("body", "mapping", null, "Give either group_by or mapping, not both.");
        if (input.Mapping is null && string.IsNullOrWhiteSpace(groupBy))
            throw new InputException("body", "group_by", null, "No plan to evaluate: give group_by (the property naming each practice's consortium, e.g. \"ccg_code\") or mapping ({\"practice_code\": \"consortium\"}, or the consortia as a GeoJSON FeatureCollection of polygons).");
        var request = RequestMapping.From(input.Options, _settings.SyncTimeLimitSeconds, new RequestLimits(), evaluating: true, groupBy: groupBy, boundaryLimits: _settings.BoundaryLimits());
        RequestMapping.RefuseLevels(input.Options, request, "POST /v1/evaluations measures one plan");
        RequestMapping.RefuseMembers(input, "POST /v1/evaluations", mapping: true);
        RequestMapping.RefuseUnused(input.Options, "An evaluation measures the plan it is given and", "count_min", "count_max", "target_size", "count_preference",
            "locks", "objective", "whole_councils", "seeds", "exact", "recombine", "recut", "localities");
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "POST /v1/evaluations");
        IReadOnlyList<InputWarning> notes = [];
        var mapping = input.Mapping is null ? null : Proposal(input.Mapping, practices, _settings.MaxPractices, out notes);
        // A drawn proposal's notes (practices put in the nearest polygon) join the report's warnings.
        practices = practices.With(practices.Practices, notes);
        // Check the plan before the (slower) geography, so a bad mapping is reported at once.
        _ = mapping is null ? Plan.FromGroups(practices, groupBy!) : Plan.FromMapping(practices, mapping);
        // Evaluations have no search: their budget is the geometry's alone.
        work.Admit(loader.Budget(input, request with { TimeLimitSeconds = 0 }, practices), wait: false);
        var study = loader.Prepare(input, request, practices, ct);
        var plan = mapping is null ? Plan.FromGroups(study.Practices, groupBy!) : Plan.FromMapping(study.Practices, mapping);
        var evaluation = study.Evaluate(plan, cancellationToken: ct);
        ct.ThrowIfCancellationRequested();
        // The overspend risk under the options' risk model (the report's own section uses the default one); the plan is
        // the grouping itself, so there is no transition to report.
        var sections = LevelsStudy.PlainSections(study, plan, request.Levels with { CurrentMap = null });
        return PlanOutputs.Write(study, evaluation, StudyLoader.Parameters(input, "evaluate", request), sections);
    }

    private static ApiProblemException Infeasible(PlanOutcome outcome)
    {
        var r = outcome.Result;
        string why = r.Issues.Count > 0 ? r.Issues[0].Message : "The search found no plan meeting every rule in its budget.";
        return new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "No plan meets every rule",
            $"{why} Relax the rules, or set options.mode = \"best_effort\" to get the least-violating plan with its breaches listed.")
        {
            Extensions = new Dictionary<string, object?>
            {
                ["termination"] = SolverReport.SnakeCase(r.Termination.ToString()),
                ["errors"] = new JsonArray(r.Issues.Select(i => (JsonNode)SolverReport.Issue(i)).ToArray()),
            },
        };
    }

    /// <summary>
    /// The practice → consortium pairs of a proposal: a mapping (<see cref="Mapping"/>), or the consortia drawn as a
    /// GeoJSON FeatureCollection of polygons named by consortium, name, code or id, each practice in the polygon holding
    /// its surgery (<see cref="Plan.FromAreas"/>; <paramref name="notes"/> names the practices put in the nearest
    /// polygon and the polygons that hold none).
    /// </summary>
    internal static List<KeyValuePair<string, string>> Proposal(JsonNode node, PracticeSet practices, int maxEntries, out IReadOnlyList<InputWarning> notes)
    {
        notes = [];
        if (node is not JsonObject { } o || o["type"] is not JsonValue type || !type.TryGetValue<string>(out var t) || t != "FeatureCollection")
            return Mapping(node, maxEntries);
        var areas = AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString())), "mapping", AreaKind.Consortium);
        return Plan.FromAreas(practices, areas, out notes).Pairs(practices);
    }

    /// <summary>
    /// Reads a mapping given as {code: name}, [[code, name], ...] or [{"practice_code": .., "consortium": ..}, ...]; with
    /// <paramref name="member"/> "federation_mapping", <paramref name="key"/> "consortium" and <paramref name="value"/>
    /// "federation", a consortium → federation mapping in the same forms.
    /// </summary>
    internal static List<KeyValuePair<string, string>> Mapping(JsonNode node, int maxEntries = int.MaxValue, string member = "mapping", string key = "practice_code", string value = "consortium")
    {
        var list = new List<KeyValuePair<string, string>>();
        var problems = new List<InputProblem>();
        int entries = node switch { JsonObject o => o.Count, JsonArray a => a.Count, _ => 0 };
        if (entries > maxEntries)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Too many practices",
                $"The {member} has {entries:N0} entries; a request holds at most {maxEntries:N0} practices.");
        switch (node)
        {
            case JsonObject o:
                foreach (var (code, name) in o)
                    if (Text(name) is { } n) list.Add(new(code, n));
                    else problems.Add(new InputProblem($"{member}.{code}", value, SafeText.Of(name), $"Give the {value} name as a string."));
                break;
            case JsonArray a:
                for (int k = 0; k < a.Count; k++)
                {
                    var item = a[k];
                    string? code = null, name = null;
                    if (item is JsonArray pair && pair.Count == 2) { code = Text(pair[0]); name = Text(pair[1]); }
                    else if (item is JsonObject e)
                    {
                        code = Text(e[key] ?? e["code"]);
                        name = Text(e[value] ?? e["name"] ?? e["group"]);
                    }
                    if (code is null || name is null)
                        problems.Add(new InputProblem($"{member} entry {k + 1}", member, SafeText.Of(item), $"Give [{key}, {value}] or {{\"{key}\": ..., \"{value}\": ...}}."));
                    else list.Add(new(code, name));
                }
                break;
            default:
                problems.Add(new InputProblem("body", member, SafeText.Of(node), $"The {member} must be an object {{\"{key}\": \"{value}\"}} or a list of pairs."));
                break;
        }
        if (problems.Count > 0) throw new InputException(problems);
        return list;
    }

    private static string? Text(JsonNode? n) => n is JsonValue v
        ? v.TryGetValue<string>(out var s) ? s : v.TryGetValue<double>(out var d) ? d.ToString(CultureInfo.InvariantCulture) : null
        : null;
}
