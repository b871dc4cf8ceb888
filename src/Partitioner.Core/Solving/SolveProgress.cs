namespace Partitioner.Core.Solving;

/// <summary>A progress report from a running solve (for progress bars and job status).</summary>
/// <param name="Elapsed">Time since the solve started.</param>
/// <param name="Steps">Search steps done so far, summed over restarts.</param>
/// <param name="RestartsCompleted">Restarts finished so far.</param>
/// <param name="BestScore">Objective of the best plan so far (lower is better); NaN before the first plan.</param>
/// <param name="BestViolation">Total measured violation of the best plan so far (0 = all rules met).</param>
/// <param name="FeasibleFound">True once a plan meeting every rule has been found.</param>
public sealed record SolveProgress(TimeSpan Elapsed, long Steps, int RestartsCompleted, double BestScore, double BestViolation, bool FeasibleFound);
