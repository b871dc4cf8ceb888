using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// The single-practice boundary move: a random boundary practice joins the consortium of a neighbour, measured in O(1)
/// from the running sums, tested by the annealing schedule, and only then checked for contiguity (the check is the
/// expensive part, and most measured moves are refused before it). Once the plan meets balance rules, a move that alone
/// would break one is handed to <see cref="BalancedExchange"/>.
/// </summary>
internal sealed class BoundaryMove
{
    private readonly RestartContext _ctx;
    private MoveDelta _delta;

    public BoundaryMove(RestartContext ctx) => _ctx = ctx;

    /// <summary>
    /// One step. <paramref name="feasible"/>: the plan meets every rule (no guidance); <paramref name="strict"/>: moves
    /// that would break a rule are refused outright, otherwise they are penalised by λ.
    /// </summary>
    public void Step(bool feasible, bool strict)
    {
        var ctx = _ctx;
        var st = ctx.State;
        if (!MovePicks.BoundaryPair(ctx, out int v, out int b) || !st.BoundsAllowMove(v, b)) return;
        ref var d = ref _delta;
        st.EvaluateMove(v, b, ref d);
        ctx.Moves++;
        if (strict && d.Violation > Score.Rounding)
        {
            // Under balance rules a move the schedule would take for its shape may still be made, with a counterweight that
            // keeps every rule (measured only for those: the search for one costs tens of measured moves).
            if (ctx.Exchange is { } exchange && ctx.Schedule.Accepts(d.Objective, ref ctx.Rng)) exchange.Step(d);
            return;
        }
        var schedule = ctx.Schedule;
        double pen = strict ? d.Objective : d.Objective + schedule.Lambda * d.Violation + (feasible ? 0 : schedule.GuideLambda * Annealing.GuideWeight * d.Guide);
        schedule.Observe(pen);
        if (!schedule.Accepts(pen, ref ctx.Rng)) return;
        if (!st.CanLeave(v)) return;
        var log = ctx.Log;
        bool better = log.Improves(st.Objective + d.Objective, st.Violation + d.Violation);
        if (!better) log.Record(v, st.Assign[v]);
        st.ApplyMove(d);
        ctx.MovesAccepted++;
        log.Moved(better, ctx.Step);
    }
}
