using Partitioner.Core.Levels;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Studies;

/// <summary>
/// What to build around a study's consortia (README "Federations, risk, transition and mosaic"): federations and
/// support agencies above them, the overspend-risk model and rule, a mosaic in dense areas, the current map for the
/// transition (the practices' grouping field), and a moves budget from it. The consortia's own rules and objective
/// weights are the study's.
/// </summary>
public sealed record LevelsRequest
{
    /// <summary>Federation rules (null = no federations).</summary>
    public LevelRules? Federations { get; init; }

    /// <summary>Support-agency rules, grouping the federations (null = none; needs federations).</summary>
    public LevelRules? Agencies { get; init; }

    /// <summary>The overspend-risk model the reports and the rule use.</summary>
    public RiskModel Risk { get; init; } = new();

    /// <summary>Largest allowed probability that a consortium overspends by more than the rules' risk reserve (null = no rule).</summary>
    public double? MaxOverspendRisk { get; init; }

    /// <summary>Relaxed contiguity in dense areas (null = none).</summary>
    public MosaicOptions? Mosaic { get; init; }

    /// <summary>The practices' grouping field holding the current map (e.g. ccg_code), for the transition; null = none.</summary>
    public string? CurrentMap { get; init; }

    /// <summary>How budgets move to fair share.</summary>
    public TransitionOptions Transition { get; init; } = new();

    /// <summary>At most this many practices or patients leave the current map (null = the plan is solved freely).</summary>
    public MovesBudget? MovesBudget { get; init; }

    /// <summary>Practice code → consortium name locks.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Locks { get; init; } = [];

    /// <summary>Every problem with the request, worded for a planner (empty when it can run).</summary>
    public IReadOnlyList<InputProblem> Problems()
    {
        var problems = new List<InputProblem>(Risk.Problems("risk"));
        if (Agencies is not null && Federations is null)
            problems.Add(new InputProblem("agencies", "agencies", null, "Support agencies group federations: ask for federations too (e.g. --federations 500000)."));
        foreach (var level in new[] { Federations, Agencies })
        {
            if (level is null) continue;
            var name = LevelRules.Name(level.Kind).Many;
            var r = level.Rules;
            if (!(r.MinPatients > 0) || !(r.MaxPatients >= r.MinPatients) || !double.IsFinite(r.MaxPatients))
                problems.Add(new InputProblem(name, "population bounds", $"{r.MinPatients}–{r.MaxPatients}", $"The {name}' minimum must be positive and no larger than their maximum."));
        }
        if (MaxOverspendRisk is { } p && !(p > 0 && p < 1))
            problems.Add(new InputProblem("max overspend risk", "probability", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "Give a probability strictly between 0 and 1, e.g. 0.05."));
        if (MovesBudget is not null && CurrentMap is null)
            problems.Add(new InputProblem("max moves", "current map", null, "A moves budget counts moves from the current map: name it with the grouping field (e.g. --group-by ccg_code)."));
        if (MovesBudget is { Practices: < 0 } || MovesBudget is { Patients: < 0 })
            problems.Add(new InputProblem("max moves", "budget", null, "The moves budget must be 0 or more."));
        else if (MovesBudget is { Patients: { } moved } && !double.IsFinite(moved))
            problems.Add(new InputProblem("max moves", "max moved patients", moved.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Give a number of patients, 0 or more (a finite figure; leave it out for no limit)."));
        if (Mosaic is not null) problems.AddRange(Mosaic.Problems());
        if (MovesBudget is not null && Mosaic is not null)
            problems.Add(new InputProblem("max moves", "mosaic", null, "A moves budget starts from the current map's contiguous groups; use it without a mosaic."));
        if (!(Transition.PaceCap > 0 && Transition.PaceCap < 1))
            problems.Add(new InputProblem("pace of change", "pace cap", Transition.PaceCap.ToString(System.Globalization.CultureInfo.InvariantCulture), "Give a share of the budget strictly between 0 and 1, e.g. 0.02 for 2% a year."));
        return problems;
    }

    /// <summary>Whether anything beyond a plain solve is asked for.</summary>
    public bool Any => Federations is not null || MaxOverspendRisk is not null || Mosaic is not null || MovesBudget is not null;
}
