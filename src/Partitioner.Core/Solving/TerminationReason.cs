namespace Partitioner.Core.Solving;

/// <summary>Why the search stopped.</summary>
public enum TerminationReason
{
    /// <summary>Every restart used its step budget (<see cref="SolverOptions.MaxSteps"/>): the deterministic stop.</summary>
    StepBudget,
    /// <summary>Restarts stopped early because the best plan did not improve for <see cref="SolverOptions.StallLimit"/> steps.</summary>
    Stalled,
    /// <summary>The wall-clock safety stop <see cref="SolverOptions.TimeLimit"/> was reached (results may depend on machine speed).</summary>
    TimeLimit,
    /// <summary>The caller's cancellation token was cancelled; the best plan found so far is returned.</summary>
    Cancelled,
    /// <summary>The pre-solve checks proved the request impossible; no search was run.</summary>
    PresolveInfeasible,
}
