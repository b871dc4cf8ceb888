namespace Partitioner.Core.Solving;

/// <summary>
/// A reason a request cannot be met (pre-solve) or a rule a returned plan breaks, in words a planner can act on.
/// </summary>
/// <param name="Kind">The rule concerned.</param>
/// <param name="Message">Planner-readable explanation: where, the numbers, and the fix.</param>
/// <param name="Proven">True when the rules are provably impossible (not just unmet by the search).</param>
/// <param name="Consortium">Consortium index in <see cref="SolveResult.ConsortiumOf"/>, or -1.</param>
/// <param name="Component">Connected-area index (graph component, numbered by smallest practice index), or -1.</param>
/// <param name="SamplePracticeCode">A practice code in the area concerned, or null.</param>
/// <param name="Value">The measured value (patients, mean, share, count), or NaN.</param>
/// <param name="Limit">The limit it breaks, or NaN.</param>
public sealed record Infeasibility(
    InfeasibilityKind Kind,
    string Message,
    bool Proven,
    int Consortium = -1,
    int Component = -1,
    string? SamplePracticeCode = null,
    double Value = double.NaN,
    double Limit = double.NaN);
