namespace Partitioner.Exact.Cbc;

/// <summary>How a CBC solve ended, read from the model after <see cref="CbcModel.Solve"/>.</summary>
public enum CbcStatus
{
    /// <summary>Optimality proven (within the configured gap).</summary>
    Optimal,
    /// <summary>Infeasibility proven.</summary>
    Infeasible,
    /// <summary>Stopped by the time limit; there may or may not be a solution.</summary>
    TimeLimit,
    /// <summary>Stopped for another reason (node/solution limit, numerical trouble, user abort).</summary>
    Stopped,
}
