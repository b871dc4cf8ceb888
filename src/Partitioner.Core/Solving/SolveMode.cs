namespace Partitioner.Core.Solving;

/// <summary>What the solver does when the rules cannot all be met.</summary>
public enum SolveMode
{
    /// <summary>Every rule is hard: a plan that breaks one is not returned; the result says why instead.</summary>
    Strict,
    /// <summary>Return the least-violating plan found, with every remaining violation listed and measured.</summary>
    BestEffort,
}
