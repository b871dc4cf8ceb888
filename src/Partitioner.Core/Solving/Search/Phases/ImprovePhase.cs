using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>
/// Improves the plan with the rest of the budget, at least half of it, on a fresh schedule (the whole budget when no
/// earlier phase ran). With balance or share rules and a plan that breaks one, in two schedules: a repair that ends
/// once a plan meets every rule and it has settled (<see cref="SolverOptions.RepairSettleShare"/>: its penalised moves
/// run on to that share of its schedule, keeping the best plan meeting every rule), then, from that plan, a compaction
/// on a fresh, cooler schedule with the steps left, which may not break a rule again. A repair weighs compactness
/// lightly and leaves shapes that only a schedule of their own recovers (tools/Partitioner.Bench/RESULTS.md, issue 12
/// part 2). A repair that ends its budget with a rule still broken, or that stops lowering the violation (<see
/// cref="Annealing"/>), gets a closing repair of a tenth of the budget more, from its best plan, in which λ may rise
/// past the balance rules' ceiling, and then, if a rule is still broken, a second with the steps the stalled repair
/// left; once a plan meets every rule, a compaction follows with the steps left. Both repairs make cheap steps, mostly
/// single-practice moves, <see cref="RepairStepsPerStep"/> to a step of the budget. Skipped when the solve is stopping
/// after an earlier phase.
/// </summary>
internal sealed class ImprovePhase : ISearchPhase
{
    /// <summary>Steps of the closing repair, as a share of the restart's budget (beyond it).</summary>
    private const double ClosingShare = 0.1;

    /// <summary>Repair steps per step of the budget. A repair keeps the plain ReCom share (<see cref="SolverOptions.RecomShare"/>,
    /// not <see cref="SolverOptions.RepairRecomShare"/>), so its steps are mostly boundary moves, each about a fiftieth of a
    /// re-cut: at the old share of a quarter a step cost about four to five times as much. At eight to one a ±10% run on real
    /// England takes about a fifth longer than with the re-cuts and meets the band where they did not
    /// (tools/Partitioner.Bench/RESULTS.md, "Cheap repair steps").</summary>
    internal const int RepairStepsPerStep = 8;

    public bool Run(RestartContext ctx)
    {
        if (ctx.Used > 0 && ctx.Monitor.ShouldStop()) return false;
        if (ctx.Clock.ByTime && ctx.Used > 0) ctx.Clock.LastPhase();
        long budget = ctx.Budget;
        long steps = ctx.Used == 0 ? budget : Math.Max(budget - ctx.Used, budget / 2);
        if (!ctx.Oscillates && !ctx.Repairing && ctx.State.Violation > RuleCheck.Tolerance)
        {
            steps -= Repair(ctx, steps);
            if (ctx.Reason == TerminationReason.StepBudget && ctx.Log.Violation > RuleCheck.Tolerance) steps = Close(ctx, steps, budget);
            if (ctx.Reason != TerminationReason.StepBudget || steps <= 0 || ctx.Log.Violation > RuleCheck.Tolerance) return true;
            ctx.State.Load(ctx.Log.Best, ctx.K);
            ctx.Compacting = true;
        }
        ctx.Reason = ctx.Annealing.Run(steps, double.PositiveInfinity);
        ctx.Compacting = false;
        ctx.Used += ctx.Step;
        return true;
    }

    /// <summary>
    /// The closing repair, after a repair that ended with a rule broken and <paramref name="left"/> steps of the budget
    /// unspent (a stalled one): from the repair's best plan, cooler, λ starting at the repair's ceiling and free to rise
    /// as with population bounds alone, for a tenth of the budget more; if a rule is still broken, again with the steps
    /// left. By then the shapes are set and what is left is often a few consortia just past a band's edge, with every
    /// neighbour at the edge too: the capped λ priced those hundredths of a percent below the compactness they would cost.
    /// Returns the steps left for the compaction.
    /// </summary>
    private static long Close(RestartContext ctx, long left, long budget)
    {
        left = Math.Max(0, left);
        long extra = (long)(budget * ClosingShare);
        ctx.Closing = true;
        ctx.State.Load(ctx.Log.Best, ctx.K);
        long steps = left + extra - Repair(ctx, extra);
        if (ctx.Reason == TerminationReason.StepBudget && ctx.Log.Violation > RuleCheck.Tolerance && left > 0)
        {
            ctx.State.Load(ctx.Log.Best, ctx.K);
            steps -= Repair(ctx, left);
        }
        ctx.Closing = false;
        return steps;
    }

    /// <summary>Anneals for at most <paramref name="steps"/> steps of the budget, <see cref="RepairStepsPerStep"/> repair
    /// steps each, ending once the best plan meets every rule; returns the budget steps taken (added to the restart's
    /// count).</summary>
    private static long Repair(RestartContext ctx, long steps)
    {
        ctx.EndWhenValid = true;
        long run = steps > long.MaxValue / RepairStepsPerStep ? long.MaxValue : steps * RepairStepsPerStep;
        ctx.Reason = ctx.Annealing.Run(run, double.PositiveInfinity);
        ctx.EndWhenValid = false;
        long counted = (ctx.Step + RepairStepsPerStep - 1) / RepairStepsPerStep;
        ctx.Used += counted;
        return counted;
    }
}
