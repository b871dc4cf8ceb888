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

    /// <inheritdoc/>
    public ExactAnswer Prove(Problem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        // Exact mode hints the solver with its own quick heuristic plan.
        var options = new ExactOptions { TimeLimit = timeLimit };
        var result = ExactSolver.Solve(problem, options);
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumCount,
            $"Exact solver: {result.Status}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s. {result.Message}",
            ExactReport.Section(result, options));
    }

    /// <inheritdoc/>
    public ExactAnswer SplitLocalities(Problem area, double maxPatients, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var options = new ExactOptions { TimeLimit = timeLimit };
        var result = LocalitySplitter.Split(area, maxPatients, 0, options);
        return new ExactAnswer(result.ConsortiumOf, result.ConsortiumCount,
            $"{result.ConsortiumCount} localities: {result.Status}, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.",
            ExactReport.Section(result, options));
    }
}
