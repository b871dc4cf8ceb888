using System.Text.Json.Nodes;
using Partitioner.Core.Geography;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The levels use case, shared by the CLI and the API: consortia (solved, or moved from the current map within a
/// budget, or given), then federations and agencies grouped above them by the same solver, with overspend risk, fair
/// share, the transition from the current map and the mosaic, measured by the one plan evaluation.
/// </summary>
public static class LevelsStudy
{
    /// <summary>Plans the study's consortia and the levels above them. Throws <see cref="InputException"/> for a bad request.</summary>
    public static LevelsOutcome Solve(Study study, LevelsRequest request, SolverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems() is { Count: > 0 } problems) throw new InputException(problems);
        var geography = study.Geography;
        var sections = new Dictionary<string, JsonNode?>();
        var rules = RulesWithRisk(study, request, sections);
        var mosaic = request.Mosaic is null ? null : MosaicLinks.Build(geography, request.Mosaic);
        var contiguity = mosaic?.Graph;

        PlanLevel consortia;
        SolveResult? result = null;
        if (request.MovesBudget is { } budget)
        {
            var current = Plan.FromGroups(study.Practices, request.CurrentMap!);
            var moved = MovesBudgetSearch.Run(geography, current, rules, budget, cancellationToken);
            var before = PlanEvaluator.Evaluate(geography, current, rules, withPolygons: false);
            var after = PlanEvaluator.Evaluate(geography, moved.Plan, rules, councils: study.Councils);
            sections["moves_budget"] = StructureSections.MovesBudget(budget, moved, before, after);
            consortia = new PlanLevel(LevelKind.Consortium, moved.Plan, after, null, "moves_budget");
        }
        else
        {
            var given = study.ToProblem(request.Locks, rules.DisruptionWeight > 0);
            var problem = new Problem(contiguity ?? given.Graph, given.Patients, given.Deprivation, given.Spend, given.X, given.Y, rules,
                given.ExistingGroup, given.Locked, given.LockNames, given.PracticeCodes);
            result = Solver.Solve(problem, options, cancellationToken);
            sections["solver"] = SolverReport.Section(result, options);
            if (result.ConsortiumOf.Length != study.Practices.Count || result.ConsortiumCount == 0)
                return new LevelsOutcome(null, result, sections, request.Risk);
            var plan = new Plan(result.ConsortiumNames, result.ConsortiumOf);
            consortia = new PlanLevel(LevelKind.Consortium, plan, PlanEvaluator.Evaluate(geography, plan, rules, withPolygons: true, contiguity, study.Councils), result, "solved");
        }

        var above = new List<LevelRules>();
        if (request.Federations is { } f) above.Add(f);
        if (request.Agencies is { } a) above.Add(a);
        var levelOptions = options with { Progress = null };
        var levels = above.Count == 0 ? PlanLevels.Given(geography, [consortia]) : PlanLevels.Solve(geography, consortia, above, levelOptions, cancellationToken, contiguity);
        AddCommonSections(study, request, consortia.Plan, mosaic, sections);
        return new LevelsOutcome(levels, result, sections, request.Risk);
    }

    /// <summary>
    /// Groups a given plan's consortia (<paramref name="consortia"/>, e.g. the CCGs or a plan written before) into the
    /// request's federations and agencies, and measures every level.
    /// </summary>
    public static LevelsOutcome Federate(Study study, Plan consortia, LevelsRequest request, SolverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (request.Problems() is { Count: > 0 } problems) throw new InputException(problems);
        var geography = study.Geography;
        var sections = new Dictionary<string, JsonNode?>();
        var rules = RulesWithRisk(study, request, sections);
        var mosaic = request.Mosaic is null ? null : MosaicLinks.Build(geography, request.Mosaic);
        var level = new PlanLevel(LevelKind.Consortium, consortia, PlanEvaluator.Evaluate(geography, consortia, rules, true, mosaic?.Graph, study.Councils), null, "given");
        var above = new List<LevelRules>();
        if (request.Federations is { } f) above.Add(f);
        if (request.Agencies is { } a) above.Add(a);
        var levels = PlanLevels.Solve(geography, level, above, options with { Progress = null }, cancellationToken, mosaic?.Graph);
        AddCommonSections(study, request, consortia, mosaic, sections);
        return new LevelsOutcome(levels, null, sections, request.Risk);
    }

    /// <summary>
    /// Measures a given nested map: the consortia <paramref name="consortia"/> and the levels above them
    /// <paramref name="above"/> (e.g. the 2021 CCGs and the ICBs they fed into), smallest first, each against its rules.
    /// </summary>
    public static LevelsOutcome Evaluate(Study study, Plan consortia, IReadOnlyList<(LevelRules Rules, Plan Plan, string Source)> above, LevelsRequest request)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (request.Problems() is { Count: > 0 } problems) throw new InputException(problems);
        var geography = study.Geography;
        var sections = new Dictionary<string, JsonNode?>();
        var rules = RulesWithRisk(study, request, sections);
        var mosaic = request.Mosaic is null ? null : MosaicLinks.Build(geography, request.Mosaic);
        var list = new List<PlanLevel> { new(LevelKind.Consortium, consortia, PlanEvaluator.Evaluate(geography, consortia, rules, true, mosaic?.Graph, study.Councils), null, "given") };
        foreach (var (levelRules, plan, source) in above)
            list.Add(new PlanLevel(levelRules.Kind, plan, PlanEvaluator.Evaluate(geography, plan, levelRules.Rules, true, mosaic?.Graph), null, source));
        AddCommonSections(study, request, consortia, mosaic, sections);
        return new LevelsOutcome(PlanLevels.Given(geography, list), null, sections, request.Risk);
    }

    /// <summary>
    /// The sections a plain solve adds to its report from the request: the transition from the current map (when there
    /// is one) and the overspend risk under the request's model (the report's default section uses the default model).
    /// </summary>
    public static Dictionary<string, JsonNode?> PlainSections(Study study, Plan plan, LevelsRequest request)
    {
        var sections = new Dictionary<string, JsonNode?>();
        if (request.CurrentMap is { } field)
            sections["transition"] = StructureSections.Transition(TransitionReport.Of(study.Practices, plan, field, request.Transition), field);
        sections["overspend_risk"] = LevelsReport.RiskSection(request.Risk, OverspendRisk.Of(study.Practices, plan.ConsortiumOf, plan.ConsortiumNames, request.Risk));
        return sections;
    }

    /// <summary>Writes the levels' layers and the report (with <paramref name="parameters"/> and the outcome's sections).</summary>
    public static void Write(string directory, Study study, LevelsOutcome outcome, JsonObject parameters)
    {
        if (outcome.Levels is null) throw new InvalidOperationException("There is no plan to write.");
        LevelLayers.Write(directory, study.Geography, outcome.Levels, outcome.Risk, parameters, outcome.Sections);
    }

    /// <summary>The study's rules with the risk term's model and, under a risk rule, the population floor it sets.</summary>
    private static ConsortiumRules RulesWithRisk(Study study, LevelsRequest request, Dictionary<string, JsonNode?> sections)
    {
        var rules = study.Rules with { RiskPerPatientCv = request.Risk.PerPatientCv };
        if (request.MaxOverspendRisk is not { } limit) return rules;
        double largest = 0;
        foreach (var p in study.Practices.Practices) largest = Math.Max(largest, p.Patients);
        double floor = request.Risk.PopulationFloor(limit, rules.RiskReserve, largest);
        sections["overspend_risk_rule"] = StructureSections.RiskRule(limit, rules.RiskReserve, floor, rules.MinPatients, request.Risk);
        double min = Math.Max(rules.MinPatients, Math.Ceiling(floor));
        if (min > rules.MaxPatients)
            throw new InputException("max overspend risk", "probability", limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Keeping the risk of overspending by more than {rules.RiskReserve:P0} at or below {limit:P1} needs consortia of at least {Math.Ceiling(floor):N0} patients, above the maximum of {rules.MaxPatients:N0}. Raise the maximum, the reserve or the limit.");
        return rules with { MinPatients = min };
    }

    private static void AddCommonSections(Study study, LevelsRequest request, Plan consortia, MosaicLinks? mosaic, Dictionary<string, JsonNode?> sections)
    {
        if (request.CurrentMap is { } field)
            sections["transition"] = StructureSections.Transition(TransitionReport.Of(study.Practices, consortia, field, request.Transition), field);
        if (mosaic is not null)
            sections["mosaic"] = StructureSections.Mosaic(mosaic, MosaicReport.Of(study.Geography, consortia, mosaic));
    }
}
