using Partitioner.Core.Solving.Search.Phases;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// One restart: carves a first plan (<see cref="Construction"/>), then runs its phases in order: count repair (a
/// preferred count carved with relaxed bounds), dissolve ("fewest"), split ("most"), improve (simulated annealing over
/// boundary moves, ReCom re-cuts, ejection chains and swaps: <see cref="Annealing"/>) and the closing polish by exact
/// re-cuts. Each schedule follows the step count, never the clock (unless the solve is scheduled by time), so a restart is
/// a pure function of (data, seed, index, step budget).
/// </summary>
internal sealed class LocalSearch
{
    private static readonly ISearchPhase[] Phases = [new CountRepairPhase(), new DissolvePhase(), new SplitPhase(), new ImprovePhase()];
    private static readonly PolishPhase Polish = new();
    private readonly RestartContext _ctx;

    public LocalSearch(SearchData m, SolverOptions o, SolveMonitor mon, int restart) => _ctx = new RestartContext(m, o, mon, restart);

    /// <summary>The restart's context (for tests).</summary>
    internal RestartContext Context => _ctx;

    /// <summary>The search state (for tests).</summary>
    internal PartitionState State => _ctx.State;

    /// <summary>Carves and loads a first plan; its count, or −1 (for tests).</summary>
    public int Construct() => Construction.Carve(_ctx, 0, out _);

    public RestartOutcome Run()
    {
        var ctx = _ctx;
        ctx.Clock.Start(ctx.Options);
        var outcome = new RestartOutcome { Restart = ctx.Index };
        if (ctx.Monitor.ShouldStop()) { outcome.Reason = ctx.StopReason(); return outcome; }
        outcome.Ran = true;
        int k = Construction.Carve(ctx, 0, out _);
        if (k < 0) { outcome.Reason = ctx.Monitor.ShouldStop() ? ctx.StopReason() : TerminationReason.StepBudget; return outcome; }
        ctx.K = k;
        ctx.Monitor.PlanBuilt();
        ctx.Monitor.Report(ctx.Index, 0, ctx.State.Objective, ctx.State.Violation, true);
        ctx.Budget = ctx.Options.MaxSteps ?? SolverOptions.DefaultSteps(ctx.Data.N);
        ctx.Used = 0;
        foreach (var phase in Phases)
            if (!phase.Run(ctx)) break;
        Polish.Run(ctx);
        return Finish(outcome);
    }

    /// <summary>Fills the outcome from the best plan and the counters.</summary>
    private RestartOutcome Finish(RestartOutcome outcome)
    {
        var ctx = _ctx;
        int k = ctx.K;
        outcome.K = k;
        outcome.Reason = ctx.Reason;
        outcome.Assign = (int[])ctx.Log.Best.Clone();
        var (obj, viol) = FullScoreCalculator.Score(ctx.Data, outcome.Assign, k);
        outcome.Objective = obj;
        outcome.Violation = viol;
        if (ctx.Pool is { } pool)
        {
            pool.OfferPlan(outcome.Assign, k);
            outcome.Pool = new List<int[]>(pool.Count);
            outcome.PoolIds = new List<(ulong, int)>(pool.Count);
            pool.CopyTo(outcome.Pool, outcome.PoolIds);
        }
        outcome.Steps = ctx.Used;
        outcome.MovesEvaluated = ctx.Moves; outcome.MovesAccepted = ctx.MovesAccepted;
        outcome.RecomSteps = ctx.RecomSteps; outcome.RecomAccepted = ctx.RecomAccepted;
        double frequency = System.Diagnostics.Stopwatch.Frequency;
        outcome.RecomSeconds = ctx.RecomTicks / frequency;
        outcome.MoveSeconds = Math.Max(0, ctx.ImproveTicks - ctx.RecomTicks) / frequency;
        ctx.Monitor.Report(ctx.Index, 0, obj.Total, viol, true);
        return outcome;
    }
}
