namespace Partitioner.Exact;

/// <summary>How an exact solve ended.</summary>
public enum ExactStatus
{
    /// <summary>The plan is proven optimal (within <see cref="ExactOptions.RelativeGap"/>).</summary>
    Optimal,
    /// <summary>A valid plan was found but the time limit stopped the proof; see the gap.</summary>
    Feasible,
    /// <summary>Proven: no plan meets the rules.</summary>
    Infeasible,
    /// <summary>The time limit passed before any plan was found; nothing is proven.</summary>
    TimedOut,
}
