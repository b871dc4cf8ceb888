namespace Partitioner.Core.Solving;

/// <summary>Outcome of a solve.</summary>
public enum SolveStatus
{
    /// <summary>The plan meets every rule.</summary>
    Feasible,
    /// <summary>Best-effort mode: a plan is returned but some rules are broken (see <see cref="SolveResult.Issues"/>).</summary>
    BestEffort,
    /// <summary>No plan is returned: the rules are provably impossible, or no valid plan was found in the budget.</summary>
    Infeasible,
}
