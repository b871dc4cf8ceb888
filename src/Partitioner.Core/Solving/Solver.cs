using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Solving;

/// <summary>
/// Groups practices into contiguous consortia that meet <see cref="ConsortiumRules"/>: pre-solve checks per
/// connected area, recursive spanning-tree carving for a first plan, then simulated annealing over boundary moves and
/// ReCom merge-split steps, in independent restarts run in parallel. Thread-safe: each call owns its search state.
/// </summary>
public static class Solver
{
    /// <summary>
    /// Solves <paramref name="problem"/>. Never throws for an impossible request: the result's
    /// <see cref="SolveResult.Issues"/> say why. Cancellation stops the search and returns the best plan found so far
    /// (<see cref="TerminationReason.Cancelled"/>). Throws <see cref="ArgumentException"/> for malformed input
    /// (non-positive list sizes, bad bounds, missing coordinates).
    /// </summary>
    public static SolveResult Solve(Problem problem, SolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new SolverOptions();
        if (options.Restarts < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Restarts must be at least 1, not {options.Restarts}.");
        if (options.RecomShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), $"RecomShare must be between 0 and 1, not {options.RecomShare}.");
        if (options.RepairRecomShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), $"RepairRecomShare must be between 0 and 1, not {options.RepairRecomShare}.");
        if (options.CollectPool < 0) throw new ArgumentOutOfRangeException(nameof(options), $"CollectPool must not be negative (0 = off), not {options.CollectPool}.");
        if (options.MaxSteps is < 0) throw new ArgumentOutOfRangeException(nameof(options), $"MaxSteps must not be negative, not {options.MaxSteps}.");

        var monitor = new SolveMonitor(options, cancellationToken);
        var issues = new List<Infeasibility>();
        if (problem.PracticeCount == 0)
            return NoPlan(issues, TerminationReason.StepBudget, monitor, Array.Empty<RestartOutcome>());
        var model = Presolve.Build(problem, options.Mode, issues);
        bool proven = false;
        foreach (var i in issues) proven |= i.Proven;
        if (proven && options.Mode == SolveMode.Strict)
            return NoPlan(issues, TerminationReason.PresolveInfeasible, monitor, Array.Empty<RestartOutcome>());

        var outcomes = new RestartOutcome[options.Restarts];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, options.Restarts, parallel, r =>
        {
            outcomes[r] = new LocalSearch(model, options, monitor, r).Run();
            monitor.RestartDone();
        });

        // Best restart: least violation, then the preferred count, then objective, then lowest restart index (deterministic).
        RestartOutcome? best = null;
        foreach (var o in outcomes)
        {
            if (o.Assign is null) continue;
            if (best is null || Better(model, o, best)) best = o;
        }
        var termination = Termination(outcomes, monitor, cancellationToken);
        if (best is null)
        {
            if (termination is TerminationReason.StepBudget or TerminationReason.Stalled)
                issues.Add(new Infeasibility(InfeasibilityKind.ConstructionFailed,
                    $"No contiguous plan with consortia of {model.RuleMin:N0}–{model.RuleMax:N0} patients was found after {options.ConstructionAttempts} random spanning trees per region (counts tried from {model.Counts.Order[0]}). The bounds may be too tight for the practice sizes, or locked groups may be too spread out to fit in one consortium. Fix: widen the population bounds, or check the locks.",
                    false));
            return NoPlan(issues, termination, monitor, outcomes) with { Pool = ConsortiumPool.Merge(outcomes, options.CollectPool) };
        }

        var (consortiumOf, names) = Relabel(model, best.Assign!, best.K);
        var violations = FinalPlanCheck.Violations(model, consortiumOf, best.K, names);
        var objective = FullScoreCalculator.Score(model, consortiumOf, best.K);
        var stats = Statistics(monitor, outcomes);
        var pool = ConsortiumPool.Merge(outcomes, options.CollectPool);
        if (violations.Count == 0)
        {
            return new SolveResult
            {
                Status = SolveStatus.Feasible, ConsortiumOf = consortiumOf, ConsortiumNames = names, Issues = issues,
                Objective = objective.Objective, Violation = objective.Violation, Termination = termination, Statistics = stats,
                Pool = pool,
            };
        }
        if (options.Mode == SolveMode.Strict)
        {
            issues.AddRange(violations);
            issues.Add(new Infeasibility(InfeasibilityKind.NotMetBySearch,
                $"The search ended ({termination}) without a plan meeting every rule; its best plan broke {violations.Count} rule{(violations.Count == 1 ? "" : "s")} (listed). This is not proven impossible. Fix: allow more steps, relax the tolerances listed, or run in best-effort mode to see the closest plan.",
                false, Value: objective.Violation));
            // The pool still holds valid consortia: an exact recombination may find a plan the search did not.
            return NoPlan(issues, termination, monitor, outcomes) with { Pool = pool };
        }
        issues.AddRange(violations);
        return new SolveResult
        {
            Status = SolveStatus.BestEffort, ConsortiumOf = consortiumOf, ConsortiumNames = names, Issues = issues,
            Objective = objective.Objective, Violation = objective.Violation, Termination = termination, Statistics = stats,
            Pool = pool,
        };
    }

    private static bool Better(SearchData model, RestartOutcome o, RestartOutcome best)
    {
        int violation = Score.CompareViolation(o.Violation, best.Violation);
        if (violation != 0) return violation < 0;
        int rank = model.Counts.Rank(o.K), bestRank = model.Counts.Rank(best.K);
        if (rank != bestRank) return rank < bestRank;
        return new Score(o.Violation, o.Objective!.Total).IsBetterThan(new Score(best.Violation, best.Objective!.Total));
    }

    private static TerminationReason Termination(RestartOutcome[] outcomes, SolveMonitor monitor, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return TerminationReason.Cancelled;
        if (monitor.TimedOut) return TerminationReason.TimeLimit;
        bool allStalled = outcomes.Length > 0;
        foreach (var o in outcomes) allStalled &= o.Reason == TerminationReason.Stalled;
        return allStalled ? TerminationReason.Stalled : TerminationReason.StepBudget;
    }

    private static SolveResult NoPlan(List<Infeasibility> issues, TerminationReason termination, SolveMonitor monitor, RestartOutcome[] outcomes) => new()
    {
        Status = SolveStatus.Infeasible,
        ConsortiumOf = Array.Empty<int>(),
        ConsortiumNames = Array.Empty<string>(),
        Issues = issues,
        Objective = new ObjectiveBreakdown(double.NaN, double.NaN, double.NaN, double.NaN),
        Violation = double.NaN,
        Termination = termination,
        Statistics = Statistics(monitor, outcomes),
    };

    private static SolveStatistics Statistics(SolveMonitor monitor, RestartOutcome[] outcomes)
    {
        long steps = 0, moves = 0, accepted = 0, recom = 0, recomAccepted = 0;
        double moveSeconds = 0, recomSeconds = 0;
        int done = 0;
        foreach (var o in outcomes)
        {
            if (o is null) continue;
            moveSeconds += o.MoveSeconds; recomSeconds += o.RecomSeconds;
            steps += o.Steps; moves += o.MovesEvaluated; accepted += o.MovesAccepted; recom += o.RecomSteps; recomAccepted += o.RecomAccepted;
            if (o.Ran) done++;
        }
        // Keep only improvements of the overall best, in time order.
        var raw = monitor.History();
        var history = new List<ScoreSnapshot>(raw.Count);
        foreach (var s in raw) history.Add(s);
        return new SolveStatistics
        {
            Elapsed = monitor.Elapsed,
            TimeToFirstPlan = monitor.FirstPlan,
            TimeToFirstValidPlan = monitor.FirstValid,
            BoundaryMoveTime = TimeSpan.FromSeconds(moveSeconds), RecomTime = TimeSpan.FromSeconds(recomSeconds),
            Steps = steps, MovesEvaluated = moves, MovesAccepted = accepted, RecomSteps = recom, RecomAccepted = recomAccepted,
            Restarts = done,
            BestScoreHistory = history,
        };
    }

    /// <summary>Numbers consortia by their lowest practice index and names them (<see cref="ConsortiumNaming"/>).</summary>
    private static (int[] ConsortiumOf, string[] Names) Relabel(SearchData m, int[] assign, int k)
    {
        var map = new int[k];
        Array.Fill(map, -1);
        int next = 0;
        var result = new int[m.N];
        for (int v = 0; v < m.N; v++)
        {
            int c = assign[v];
            if (map[c] < 0) map[c] = next++;
            result[v] = map[c];
        }
        var names = ConsortiumNaming.Names(m.Problem, result, next);
        return (result, names);
    }
}
