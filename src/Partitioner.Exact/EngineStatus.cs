namespace Partitioner.Exact;

/// <summary>How one engine call ended (CP-SAT or GLOP), before it is turned into an <see cref="ExactStatus"/>.</summary>
internal enum EngineStatus
{
    /// <summary>Proven optimal (for a feasibility model: a solution exists and was found).</summary>
    Optimal,
    /// <summary>Proven: no solution exists.</summary>
    Infeasible,
    /// <summary>The time limit (or another limit) stopped the search; a solution may or may not have been found.</summary>
    Stopped,
}
