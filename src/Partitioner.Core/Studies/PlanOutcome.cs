using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// What the solve use case (<see cref="Planner"/>) gave: the problem solved, the heuristic's result, the plan finally
/// chosen (the heuristic's, or a better one from recombination or the exact proof) with its evaluation (null when strict
/// mode found no plan), the report sections ("solver", "recombination", "exact", "localities") and one-line notes for a
/// planner; with <see cref="StudyRequest.LocalityMax"/>, the localities of every consortium (a plan of its own, named
/// <c>{consortium}-L01</c> …, evaluated on the same geography).
/// </summary>
public sealed record PlanOutcome(
    Problem Problem,
    SolveResult Result,
    Plan? Plan,
    Evaluation? Evaluation,
    IReadOnlyDictionary<string, JsonNode?> Sections,
    IReadOnlyList<string> Notes,
    Evaluation? Localities = null)
{
    /// <summary>Whether there is a plan to publish.</summary>
    public bool HasPlan => Evaluation is not null;
}
