namespace Partitioner.Exact;

/// <summary>One phase of an exact solve and the time it was granted.</summary>
/// <param name="Phase">What the time was for (e.g. "count LP", "compactness at the fewest count", "count branching").</param>
/// <param name="At">When the phase started, from the start of the solve.</param>
/// <param name="Granted">The time the phase was given; never more than <paramref name="Left"/>.</param>
/// <param name="Left">The time left of the solve's limit when the phase started.</param>
public sealed record PhaseTime(string Phase, TimeSpan At, TimeSpan Granted, TimeSpan Left);
