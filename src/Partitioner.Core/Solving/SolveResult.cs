namespace Partitioner.Core.Solving;

/// <summary>The outcome of <see cref="Solver.Solve"/>. Immutable.</summary>
public sealed record SolveResult
{
    /// <summary>Feasible, best effort (violations remain) or infeasible (no plan).</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>Consortium index 0..k-1 per practice; empty when <see cref="Status"/> is Infeasible.</summary>
    public required int[] ConsortiumOf { get; init; }

    /// <summary>Name per consortium: the lock name for a consortium holding locked practices, else "C001", "C002", ….</summary>
    public required IReadOnlyList<string> ConsortiumNames { get; init; }

    /// <summary>Number of consortia (0 when infeasible).</summary>
    public int ConsortiumCount => ConsortiumNames.Count;

    /// <summary>Why the request is impossible, or every rule the returned plan breaks (measured).</summary>
    public required IReadOnlyList<Infeasibility> Issues { get; init; }

    /// <summary>Objective of the returned plan and its parts (all NaN when no plan).</summary>
    public required ObjectiveBreakdown Objective { get; init; }

    /// <summary>Total measured violation of the returned plan (0 = every rule met), in the solver's normalised units.</summary>
    public double Violation { get; init; }

    /// <summary>Why the search stopped.</summary>
    public required TerminationReason Termination { get; init; }

    /// <summary>Counters and timings.</summary>
    public required SolveStatistics Statistics { get; init; }

    /// <summary>
    /// Distinct consortia met during the search that were contiguous, within the population bounds and met every
    /// balance and share rule when seen, each as ascending practice indices; empty unless
    /// <see cref="SolverOptions.CollectPool"/> is set. Ordered by restart, then oldest first; at most CollectPool.
    /// </summary>
    public IReadOnlyList<int[]> Pool { get; init; } = Array.Empty<int[]>();
}
