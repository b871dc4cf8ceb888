using System.Text.Json.Nodes;
using Partitioner.Core.Levels;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// What a levels study gave: the nested plan (null when strict mode found no consortia meeting the rules; then
/// <see cref="ConsortiumResult"/>'s issues say why), the solver's result for the consortia (null for a moves-budget
/// descent or an evaluated map), and the report sections ("solver", "transition", "mosaic", "moves_budget",
/// "overspend_risk_rule") to write beside the levels.
/// </summary>
public sealed record LevelsOutcome(PlanLevels? Levels, SolveResult? ConsortiumResult, IReadOnlyDictionary<string, JsonNode?> Sections, RiskModel Risk)
{
    /// <summary>True when there is a plan and every level meets every rule.</summary>
    public bool MeetsAllRules => Levels is { MeetsAllRules: true };
}
