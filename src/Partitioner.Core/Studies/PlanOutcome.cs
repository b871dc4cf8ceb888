using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// What the solve use case (<see cref="Planner"/>) gave: the problem solved, the heuristic's result, the plan finally
/// chosen (the heuristic's, or a better one from recombination or the exact proof) with its evaluation (null when strict
/// mode found no plan), the report sections ("solver", "recombination", "exact") and one-line notes for a planner.
/// </summary>
public sealed record PlanOutcome(
    Problem Problem,
    SolveResult Result,
    Plan? Plan,
    Evaluation? Evaluation,
    IReadOnlyDictionary<string, JsonNode?> Sections,
    IReadOnlyList<string> Notes)
{
    /// <summary>Whether there is a plan to publish.</summary>
    public bool HasPlan => Evaluation is not null;
}
