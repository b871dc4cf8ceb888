using System.Diagnostics;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Simulated annealing from the loaded plan: each step is a boundary move (with a counterweight when it alone would break
/// a balance rule the plan meets: <see cref="Moves.BalancedExchange"/>), a ReCom re-cut, or (while an area of up to
/// 500 practices breaks a population bound) an ejection chain or a swap. Balance and share rules are penalties with the
/// schedule's adaptive λ, and while one is unmet a guidance term pulls consortia towards the area's means; once the plan
/// meets every rule, moves that would break one are refused (or, without balance rules, the search oscillates across the
/// population bounds until 85% of the schedule, then polishes the best plan within them). A repair schedule
/// (<see cref="RestartContext.EndWhenValid"/>) ends once its best plan meets every rule and it has settled (a closing repair
/// as soon as its best plan meets every rule; any other once its violation stalls), and the compaction schedule that follows
/// (<see cref="RestartContext.Compacting"/>) starts cooler and re-cuts pairs more often. The best plan is kept by the
/// restart's <see cref="BestPlanLog"/>.
/// </summary>
internal sealed class Annealing
{
    /// <summary>Weight of the balance guidance (squared deviation in tolerance units, <see cref="ScoreTerms.Guide"/>)
    /// relative to the violation while a rule is unmet.</summary>
    public const double GuideWeight = 0.25;
    // Strategic oscillation: once every consortium meets the population bounds, moves may cross them by up to this factor,
    // penalised by λ like any broken rule (with nearly full consortia, the plans within the bounds are too far apart for
    // single moves and pair re-cuts to walk between); from PolishFrom of the schedule on, the best plan is polished within them.
    public const double OscillationBounds = 1.2, PolishFrom = 0.85;
    // Ejection chains and swaps (half each): their share of repair steps, and the largest area they run on (on small
    // nearly full areas they help, on England-sized ones they hurt: tools/Partitioner.Bench.Exact/RESULTS.md).
    private const double ChainShare = 0.05;
    // A balance repair (not the closing one) ends once its best plan's violation has not fallen by RepairStallDrop of itself
    // over RepairStallShare of its schedule: a repair that stalls at a rule's edge hands its steps to the closing repair
    // and the compaction sooner (real England ±10%: −5.3% inertia over five seeds; ±7.5%: 4 consortia outside the band
    // instead of 16; tools/Partitioner.Bench/RESULTS.md, "Cheap repair steps").
    private const double RepairStallShare = 0.1, RepairStallDrop = 1e-3;
    // A balance repair (not the closing one) settles before the compaction (SolverOptions.RepairSettleShare): its moves stay
    // penalised and guided, so they cross a band's edge and come back, which the compaction's strict moves cannot. While it
    // settles, the plain share of re-cuts (SolverOptions.RecomShare) divided by this: settling to 0.7 of the schedule at the
    // plain share, real England ±25% took 43 s instead of 25 s, and without re-cuts a ±15% plan's median Polsby–Popper fell
    // to 0.19 (tools/Partitioner.Bench/RESULTS.md, "The repair settles").
    private const double SettleRecomDivisor = 3;
    // The compaction schedule after a balance repair: its first temperature as a share of the usual one (hot, strict moves
    // wander far inside the rules before they cool), and its least share of ReCom steps (a strict re-cut takes the most
    // compact cut of a pair that meets every rule, which straightens shapes single moves cannot).
    private const double CompactStart = 0.3, CompactRecomShare = 0.15;
    private const int ChainMaxPractices = 500;
    private readonly RestartContext _ctx;

    public Annealing(RestartContext ctx) => _ctx = ctx;

    /// <summary>
    /// Anneals for at most <paramref name="maxSteps"/> steps, leaving the best plan in the log. While the state's bounds
    /// are relaxed, restores them as soon as every consortium meets them (then ends, so a fresh schedule improves the
    /// repaired plan), and gives up (bounds still relaxed) once the schedule passes <paramref name="repairUntil"/> of its
    /// length without that.
    /// </summary>
    public TerminationReason Run(long maxSteps, double repairUntil)
    {
        var ctx = _ctx;
        var st = ctx.State;
        var m = ctx.Data;
        var log = ctx.Log;
        var schedule = ctx.Schedule;
        var clock = ctx.Clock;
        var monitor = ctx.Monitor;
        schedule.Start(EstimateTemperature() * (ctx.Compacting || ctx.Closing ? CompactStart : 1), !ctx.Oscillates, ctx.Closing);
        log.StartFromCurrent();
        log.LastImprovement = 0;
        long reported = 0;
        long stall = ctx.Options.StallLimit ?? long.MaxValue;
        double recomShare = ctx.Compacting ? Math.Max(ctx.Options.RecomShare, CompactRecomShare) : ctx.Options.RecomShare;
        // A balance repair keeps the plain share: its many cheap boundary moves carry a region's surplus further than a
        // quarter of re-cuts at about fifty boundary moves each (ImprovePhase counts its steps at a discount).
        double repairShare = ctx.EndWhenValid ? recomShare : Math.Max(recomShare, ctx.Options.RepairRecomShare);
        var reason = TerminationReason.StepBudget;
        bool polishing = false;
        // A repair other than the closing one settles and ends when it stalls. It ends at the first check past its settling
        // share of the schedule with a best plan meeting every rule; its moves are penalised throughout (even when the current
        // plan meets every rule), so until its first valid plan it makes the same moves whatever the share.
        bool settles = ctx.EndWhenValid && !ctx.Closing;
        double settleUntil = settles ? ctx.Options.RepairSettleShare : 0, settleShare = recomShare / SettleRecomDivisor;
        bool settling = false;
        double stallViolation = double.MaxValue;
        long stallFrom = 0, stallSteps = (long)(RepairStallShare * maxSteps);
        long startTicks = Stopwatch.GetTimestamp();
        for (ctx.Step = 0; ctx.Step < maxSteps; ctx.Step++)
        {
            long step = ctx.Step;
            if ((step & 1023) == 0)
            {
                // Pool collection reads the state only (O(k) lookups, members materialised only for new valid consortia).
                if ((step & 4095) == 0) ctx.Pool?.OfferAll(st);
                // The temperature follows the typical size of a penalised move, so it stays meaningful while λ adapts.
                double progress = (double)step / maxSteps;
                if (clock.ByTime)
                {
                    double byTime = clock.Progress();
                    if (byTime >= 1) { reason = TerminationReason.TimeLimit; break; }
                    progress = Math.Max(progress, byTime);
                }
                if (ctx.EndWhenValid && step > 0 && log.Violation <= RuleCheck.Tolerance)
                {
                    if (progress >= settleUntil) break;
                    settling = true;
                }
                if (settles && !settling)
                {
                    if (log.Violation < stallViolation * (1 - RepairStallDrop)) { stallViolation = log.Violation; stallFrom = step; }
                    else if (step - stallFrom > stallSteps) break;
                }
                if (ctx.Repairing)
                {
                    // Repaired: end this schedule, so the plan is improved by a fresh one, not by the tail of this one.
                    if (st.TryTighten()) { ctx.Repairing = false; ctx.Repaired = true; break; }
                    if (progress >= repairUntil) break;
                }
                if (ctx.Oscillating && progress >= PolishFrom)
                {
                    // The end of the schedule polishes the best plan within the bounds, instead of wandering outside them.
                    if (log.Logging) log.Materialise();
                    st.Load(log.Best, st.K);
                    ctx.Oscillating = false;
                    polishing = true;
                    log.StartFromCurrent();
                }
                if (!ctx.Repairing && !ctx.Oscillating && !polishing && ctx.Oscillates && st.Violation <= RuleCheck.Tolerance)
                {
                    st.Relax(OscillationBounds);
                    ctx.Oscillating = true;
                }
                schedule.Advance(progress, st.Violation > RuleCheck.Tolerance);
                if ((step & 4095) == 0 && step > 0)
                {
                    if (monitor.ShouldStop()) { reason = ctx.StopReason(); break; }
                    if ((step & 65535) == 0)
                    {
                        st.Resync();
                        monitor.Report(ctx.Index, step - reported, log.Objective, log.Violation, log.ImprovedSinceReport);
                        reported = step;
                        log.ImprovedSinceReport = false;
                    }
                }
                if (step - log.LastImprovement > stall) { reason = TerminationReason.Stalled; break; }
                if (st.BoundaryCount == 0) break; // a single consortium per area: nothing can move
            }
            // ReCom is what repairs balance (it can re-cut two whole consortia at once), so it runs more while a rule is unmet.
            bool feasible = !settles && st.Violation <= RuleCheck.Tolerance;
            // Lexicographic once feasible (a move that would break a rule is refused outright), unless oscillating.
            bool strict = feasible && !ctx.Oscillating;
            double share = feasible ? recomShare : settling ? settleShare : repairShare;
            if ((ctx.Repairing || ctx.Oscillating) && !feasible && m.N <= ChainMaxPractices && ctx.Rng.NextDouble() < ChainShare)
            {
                if (ctx.Rng.NextDouble() < 0.5) ctx.Chain.Step(); else ctx.Swap.Step();
                continue;
            }
            if (share > 0 && ctx.Rng.NextDouble() < share)
            {
                long t = Stopwatch.GetTimestamp();
                ctx.Recom.Step(ctx, feasible, strict);
                ctx.RecomTicks += Stopwatch.GetTimestamp() - t;
                continue;
            }
            ctx.Boundary.Step(feasible, strict);
        }
        ctx.ImproveTicks += Stopwatch.GetTimestamp() - startTicks;
        monitor.Report(ctx.Index, ctx.Step - reported, log.Objective, log.Violation, log.ImprovedSinceReport);
        if (log.Logging) log.Materialise();
        return reason;
    }

    /// <summary>The first temperature: the mean |objective delta| of up to 200 sampled boundary moves (any move while
    /// oscillating: in a plan of nearly full consortia, the moves within the bounds may be too few to measure).</summary>
    private double EstimateTemperature()
    {
        var ctx = _ctx;
        var st = ctx.State;
        var probe = default(MoveDelta);
        double sum = 0;
        int count = 0;
        bool anyMove = ctx.Oscillates;
        for (int i = 0; i < 2000 && count < 200; i++)
        {
            if (!MovePicks.BoundaryPair(ctx, out int v, out int b) || !(anyMove || st.BoundsAllowMove(v, b))) continue;
            st.EvaluateMove(v, b, ref probe);
            sum += Math.Abs(probe.Objective);
            count++;
        }
        double t = count > 0 ? sum / count : 0;
        if (!(t > 0)) t = Math.Max(1e-12, Math.Abs(st.Objective) * 1e-6 / Math.Max(1, st.K));
        return t;
    }
}
