namespace Partitioner.Core.Solving;

/// <summary>The best score known at a point of the solve.</summary>
/// <param name="Elapsed">Time since the solve started.</param>
/// <param name="Restart">Restart that found it.</param>
/// <param name="Objective">Objective (lower is better).</param>
/// <param name="Violation">Total violation (0 = feasible).</param>
public sealed record ScoreSnapshot(TimeSpan Elapsed, int Restart, double Objective, double Violation);
