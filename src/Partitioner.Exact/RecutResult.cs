namespace Partitioner.Exact;

/// <summary>What a neighbourhood re-cut (<see cref="NeighbourhoodRecut"/>) did. Immutable.</summary>
/// <param name="ConsortiumOf">The plan after the re-cuts (the same consortium labels as the plan given).</param>
/// <param name="Groups">Groups of neighbouring consortia re-cut.</param>
/// <param name="Improved">Groups whose re-cut was taken (more compact, every rule met).</param>
/// <param name="Proven">Groups proven optimal for their fixed centres (improved or not).</param>
/// <param name="InertiaBefore">Total inertia about the consortia's centroids before, in patient·km².</param>
/// <param name="InertiaAfter">The same after.</param>
/// <param name="DeterministicSeconds">CP-SAT's own work measure spent (machine-independent; the budget is counted in it).</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="StoppedByClock">True when the wall-clock limit, not the work budget, ended the re-cuts (the plan then depends on the machine's speed).</param>
/// <param name="Message">A sentence for planners.</param>
public sealed record RecutResult(
    int[] ConsortiumOf,
    int Groups,
    int Improved,
    int Proven,
    double InertiaBefore,
    double InertiaAfter,
    double DeterministicSeconds,
    TimeSpan Elapsed,
    bool StoppedByClock,
    string Message);
