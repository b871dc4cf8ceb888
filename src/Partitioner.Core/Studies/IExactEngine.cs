using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The exact solver as the solve use case (<see cref="Planner"/>) uses it: recombining a pool of valid consortia into
/// the best plan they allow, and proving the optimum of a small study. Implemented by Partitioner.Exact; Core has no
/// dependency on it.
/// </summary>
public interface IExactEngine
{
    /// <summary>The best plan (by the objective) whose consortia all come from <paramref name="pool"/> (sorted practice
    /// indices) or from <paramref name="warmStart"/>, the plan it starts from.</summary>
    ExactAnswer Recombine(Problem problem, IReadOnlyList<int[]> pool, int[]? warmStart, TimeSpan timeLimit, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="plan"/> improved by exact re-cuts of pairs of neighbouring consortia, every rule kept, the same
    /// consortium labels; within <paramref name="timeLimit"/>, on up to <paramref name="threads"/> threads (null: all cores;
    /// the plan does not depend on it).
    /// </summary>
    ExactAnswer Recut(Problem problem, int[] plan, TimeSpan timeLimit, int? threads, CancellationToken cancellationToken);

    /// <summary>The proven optimum of <paramref name="problem"/> (or the best plan and bound found in the time limit).</summary>
    ExactAnswer Prove(Problem problem, TimeSpan timeLimit, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="area"/> (one consortium) split into contiguous localities of at most <paramref name="maxPatients"/>
    /// patients, the fewest first, then the most compact; a practice above the maximum is a locality on its own.
    /// </summary>
    ExactAnswer SplitLocalities(Problem area, double maxPatients, TimeSpan timeLimit, CancellationToken cancellationToken);

    /// <summary>
    /// The floor under the total inertia (patient·km²) of every plan meeting <paramref name="problem"/>'s deprivation and
    /// spend rules, contiguous or not, of any count and size: the cheapest transport of each practice's value past a
    /// band's edge to the practices with room for it within their consortium (0 without balance rules).
    /// </summary>
    double InertiaFloor(Problem problem, CancellationToken cancellationToken);
}
