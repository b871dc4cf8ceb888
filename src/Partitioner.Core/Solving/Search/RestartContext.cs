using Partitioner.Core.Solving.Search.Moves;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Everything one restart's phases and moves share: the search data and options, the restart's state, random stream,
/// best-plan log, annealing schedule, clock, moves and counters, and where the restart stands (count, steps used,
/// whether bounds are relaxed for repair). Owned by one thread.
/// </summary>
internal sealed class RestartContext
{
    public RestartContext(SearchData m, SolverOptions o, SolveMonitor monitor, int restart)
    {
        Data = m;
        Options = o;
        Monitor = monitor;
        Index = restart;
        var tree = new SpanningTree(m);
        State = new PartitionState(m, tree);
        Carver = new SpanningTreeCarver(m, tree);
        if (m.Problem.Rules.CountPreference == Rules.CountPreference.Most) FloorCarver = new FloorCarver(m);
        Log = new BestPlanLog(State, m.N);
        Rng = Xoshiro256.ForRestart(o.Seed, restart);
        Recut = new NeighbourRecut(m);
        if (o.CollectPool > 0) Pool = new ConsortiumPool(m, (o.CollectPool + o.Restarts - 1) / o.Restarts);
        Recom = new RecomMove(m, State);
        Boundary = new BoundaryMove(this);
        Chain = new EjectionChain(this);
        Swap = new SwapRepair(this);
        if (m.BalanceRules) Exchange = new BalancedExchange(this);
        Annealing = new Annealing(this);
    }

    public SearchData Data { get; }
    public SolverOptions Options { get; }
    public SolveMonitor Monitor { get; }
    public int Index { get; }
    public PartitionState State { get; }
    public SpanningTreeCarver Carver { get; }

    /// <summary>The max-p first plan ("most" only).</summary>
    public FloorCarver? FloorCarver { get; }
    public NeighbourRecut Recut { get; }
    public ConsortiumPool? Pool { get; }
    public BestPlanLog Log { get; }
    public Schedule Schedule { get; } = new();
    public RestartClock Clock { get; } = new();
    public RecomMove Recom { get; }
    public BoundaryMove Boundary { get; }
    public EjectionChain Chain { get; }
    public SwapRepair Swap { get; }
    /// <summary>The counterweighted move, with balance rules only.</summary>
    public BalancedExchange? Exchange { get; }
    public Annealing Annealing { get; }

    /// <summary>The restart's random stream (a field, so moves pass it by reference).</summary>
    public Xoshiro256 Rng;

    /// <summary>Steps of the current schedule, and steps used by earlier schedules of this restart.</summary>
    public long Step, Used;

    /// <summary>Step budget of the restart.</summary>
    public long Budget;

    /// <summary>Counters for the statistics: moves evaluated and taken, ReCom proposals and those taken, and thread time
    /// spent in ReCom steps and in the improvement loop as a whole.</summary>
    public long Moves, MovesAccepted, RecomSteps, RecomAccepted, RecomTicks, ImproveTicks;

    /// <summary>Number of consortia of the current plan, and the position in the count order it was carved at.</summary>
    public int K, CountTry;

    /// <summary>How the last schedule ended.</summary>
    public TerminationReason Reason = TerminationReason.StepBudget;

    /// <summary>The loaded plan was carved or dissolved with relaxed bounds and is being repaired; a repair succeeded;
    /// the search oscillates across the bounds (see <see cref="Annealing"/>).</summary>
    public bool Repairing, Repaired, Oscillating;

    /// <summary>The annealing ends once its best plan meets every rule (a balance repair); the annealing compacts a plan
    /// that meets every rule; the annealing is a closing repair (see <see cref="Phases.ImprovePhase"/>).</summary>
    public bool EndWhenValid, Compacting, Closing;

    /// <summary>Whether the search oscillates across the population bounds once it meets them: only without balance or
    /// share rules (with them, a plan that meets every rule is costly to regain).</summary>
    public bool Oscillates => !(Data.BalanceRules || Data.ShareRule);

    /// <summary>Loads a plan within the bounds (no repair, no oscillation yet).</summary>
    public void LoadPlan(int[] assign, int k)
    {
        State.Load(assign, k);
        Repairing = Repaired = Oscillating = false;
    }

    /// <summary>Whether the restart must stop: the solve is stopping, or (time-scheduled) the restart's share is spent.</summary>
    public bool PolishShouldStop() => Monitor.ShouldStop() || Clock.PolishOverdue;

    /// <summary>Why the solve stopped early.</summary>
    public TerminationReason StopReason() => Monitor.Token.IsCancellationRequested ? TerminationReason.Cancelled : TerminationReason.TimeLimit;
}
