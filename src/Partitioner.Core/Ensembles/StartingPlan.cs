using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Solving.Search.Phases;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// A chain's starting plan: carved from random spanning trees by the solver's (balance-aware) carver, then repaired
/// until every consortium meets every rule by a greedy descent on the rules' violation (plus the solver's balance
/// guidance), with the solver's own moves: ReCom re-cuts of a pair holding a consortium that breaks a rule, and single
/// boundary moves. Compactness plays no part, so the start is not biased towards the solver's kind of plan, and the
/// search stops at the first plan that meets every rule. A pure function of (data, seed, step budget).
/// </summary>
internal static class StartingPlan
{
    // Share of repair steps that are ReCom re-cuts (the rest are single boundary moves), and the weight of the balance
    // guidance against the violation (the solver's).
    private const double RecomShare = 0.3, GuideWeight = Annealing.GuideWeight;
    // λ large enough that the violation decides every re-cut; the objective only breaks ties.
    private const double Lambda = 1e9;

    /// <summary>The plan (labels 0..count−1), or null when the repair stalled (<paramref name="stall"/> steps without
    /// lowering the violation) or ran out of <paramref name="maxSteps"/> steps first. <paramref name="used"/>: the steps taken.</summary>
    public static int[]? Find(EnsembleModel model, ulong seed, long maxSteps, long stall, CancellationToken ct, out long used)
    {
        var m = model.Data;
        var options = new SolverOptions { Seed = seed, Restarts = 1, TimeLimit = null };
        var ctx = new RestartContext(m, options, new SolveMonitor(options, ct), 0);
        used = 0;
        int k = Construction.Carve(ctx, 0, out bool relaxed);
        if (k != model.Count || relaxed) return null;
        var st = ctx.State;
        var delta = default(Solving.Search.Moves.MoveDelta);
        double best = double.PositiveInfinity;
        long bestAt = 0;
        for (; used < maxSteps && st.Violation > RuleCheck.Tolerance; used++)
        {
            if ((used & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
                st.Resync();
                if (st.Violation <= RuleCheck.Tolerance) break;
                // A greedy descent that has stopped improving is stuck in a local minimum: a fresh carving does better.
                if (st.Violation < best * (1 - 1e-9)) { best = st.Violation; bestAt = used; }
                else if (used - bestAt > stall) break;
            }
            if (!Solving.Search.Moves.MovePicks.BoundaryPair(ctx, out int v, out int b)) break;
            if (ctx.Rng.NextDouble() < RecomShare)
            {
                Solving.Search.Moves.MovePicks.RepairPair(ctx, ref v, ref b);
                int a = st.Assign[v];
                if (!ctx.Recom.Propose(v, a, b, Lambda, Lambda, GuideWeight, false, ref ctx.Rng)) continue;
                if (ctx.Recom.Violation + GuideWeight * ctx.Recom.Guide < 0) ctx.Recom.Apply(a, b);
                continue;
            }
            if (!st.BoundsAllowMove(v, b)) continue;
            st.EvaluateMove(v, b, ref delta);
            if (delta.Violation + GuideWeight * delta.Guide >= 0 || !st.CanLeave(v)) continue;
            st.ApplyMove(delta);
        }
        st.Resync();
        return st.Violation <= RuleCheck.Tolerance ? (int[])st.Assign.Clone() : null;
    }
}
