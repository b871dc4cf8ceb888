using System.Globalization;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Exact;

/// <summary>The exact solver behind the solve use case (<see cref="Planner"/>): pool recombination and proofs.</summary>
public sealed class ExactEngine : IExactEngine
{
    /// <inheritdoc/>
    public ExactAnswer Recombine(Problem problem, IReadOnlyList<int[]> pool, int[]? warmStart, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var candidates = new CandidatePool();
        foreach (var members in pool) candidates.Add(members);
        if (warmStart is not null) candidates.AddPlan(warmStart);
        var options = new ExactOptions { TimeLimit = timeLimit, WarmStart = warmStart, MaxPractices = int.MaxValue };
        var result = PoolRecombination.Choose(problem, candidates.Candidates, options);
        var report = ExactReport.Section(result, options);
        report["pool"] = candidates.Count;
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumCount,
            $"Recombination over a pool of {candidates.Count.ToString("N0", CultureInfo.InvariantCulture)} valid consortia: {result.Status}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.", report);
    }

    /// <summary>Share of the time limit given to the re-cuts as CP-SAT's deterministic time: on a busy machine a work-second
    /// takes longer than a second (120 took 172–228 s at load 5–9 on 2 cores), and the limit itself stops them in any
    /// case.</summary>
    public const double RecutWorkShare = 0.5;

    /// <inheritdoc/>
    public ExactAnswer Recut(Problem problem, int[] plan, TimeSpan timeLimit, int? threads, CancellationToken cancellationToken)
    {
        var result = NeighbourhoodRecut.Improve(problem, plan, timeLimit * RecutWorkShare, timeLimit, cancellationToken, threads ?? 0);
        var report = new System.Text.Json.Nodes.JsonObject
        {
            ["pairs"] = result.Groups,
            ["taken"] = result.Improved,
            ["proven_optimal"] = result.Proven,
            ["inertia_before_patient_km2"] = result.InertiaBefore,
            ["inertia_after_patient_km2"] = result.InertiaAfter,
            ["improvement_pct"] = result.InertiaBefore > 0 ? Math.Round(100 * (result.InertiaBefore - result.InertiaAfter) / result.InertiaBefore, 3) : 0,
            ["work_seconds"] = Math.Round(result.DeterministicSeconds, 3),
            ["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            ["stopped_by_clock"] = result.StoppedByClock,
            ["message"] = result.Message,
        };
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumOf.Length == 0 ? 0 : result.ConsortiumOf.Max() + 1, result.Message, report);
    }

    /// <inheritdoc/>
    public ExactAnswer Prove(Problem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        // Exact mode hints the solver with its own quick heuristic plan.
        var options = new ExactOptions { TimeLimit = timeLimit };
        var result = ExactSolver.Solve(problem, options);
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumCount,
            $"Exact solver: {result.Status}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s. {result.Message}",
            ExactReport.Section(result, options)) { CountBound = result.CountBound };
    }

    /// <inheritdoc/>
    public ExactAnswer SplitLocalities(Problem area, double maxPatients, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var options = new ExactOptions { TimeLimit = timeLimit };
        var result = LocalitySplitter.Split(area, maxPatients, 0, options);
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumCount,
            $"{result.ConsortiumCount} localities: {result.Status}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.",
            ExactReport.Section(result, options)) { CountBound = result.CountBound };
    }

    /// <inheritdoc/>
    public double InertiaFloor(Problem problem, CancellationToken cancellationToken) =>
        Exact.InertiaFloor.Of(problem, cancellationToken).InertiaKm2;
}
