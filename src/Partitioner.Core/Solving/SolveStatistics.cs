namespace Partitioner.Core.Solving;

/// <summary>Counters and timings of a solve, summed over restarts.</summary>
public sealed record SolveStatistics
{
    /// <summary>Wall-clock time of the whole solve.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Time until the first plan meeting every rule was found (null = never).</summary>
    public TimeSpan? TimeToFirstValidPlan { get; init; }

    /// <summary>Time until the first contiguous in-bounds plan was carved (null = never).</summary>
    public TimeSpan? TimeToFirstPlan { get; init; }

    /// <summary>Single-practice boundary moves whose score change was evaluated.</summary>
    public long MovesEvaluated { get; init; }

    /// <summary>Boundary moves applied.</summary>
    public long MovesAccepted { get; init; }

    /// <summary>ReCom merge-split proposals (spanning tree drawn and cut searched).</summary>
    public long RecomSteps { get; init; }

    /// <summary>ReCom proposals applied.</summary>
    public long RecomAccepted { get; init; }

    /// <summary>Worker-thread time spent in single-practice boundary moves (sampling, evaluation, acceptance, contiguity
    /// checks), summed over restarts; <see cref="MovesEvaluated"/> / this is the per-core boundary-move rate.</summary>
    public TimeSpan BoundaryMoveTime { get; init; }

    /// <summary>Worker-thread time spent in ReCom steps, summed over restarts; <see cref="RecomSteps"/> / this is the
    /// per-core ReCom rate.</summary>
    public TimeSpan RecomTime { get; init; }

    /// <summary>Search steps done, summed over restarts.</summary>
    public long Steps { get; init; }

    /// <summary>Restarts run to completion.</summary>
    public int Restarts { get; init; }

    /// <summary>Best score over time (improvements of the overall best, in time order).</summary>
    public IReadOnlyList<ScoreSnapshot> BestScoreHistory { get; init; } = Array.Empty<ScoreSnapshot>();
}
