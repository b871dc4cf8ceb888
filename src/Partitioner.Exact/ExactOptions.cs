using Partitioner.Core.Rules;

namespace Partitioner.Exact;

/// <summary>Options for the exact modes (CP-SAT). Immutable.</summary>
public sealed record ExactOptions
{
    /// <summary>Default options: 60 s, proven optimality, one CP-SAT worker per processor, silent.</summary>
    public static ExactOptions Default { get; } = new();

    /// <summary>Wall-clock limit for the whole exact solve (listing candidates, heuristic seed, LP and CP-SAT).</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Optional starting plan: consortium index per practice (any non-negative labels; one consortium per label).
    /// It is checked and ignored (with a note) when it breaks a rule; otherwise it is CP-SAT's solution hint.
    /// </summary>
    public int[]? WarmStart { get; init; }

    /// <summary>Stop when (objective − bound) / objective is at most this (0 = prove optimality).</summary>
    public double RelativeGap { get; init; }

    /// <summary>CP-SAT log level (0 = silent; 1 or more prints CP-SAT's search progress to stdout, for debugging).</summary>
    public int LogLevel { get; init; }

    /// <summary>
    /// CP-SAT workers (parallel search strategies); 0 = one per processor but at least 8. CP-SAT's portfolio needs about 8
    /// workers to include its LP-heavy and pseudo-cost strategies: on 2 cores, 8 workers proved 19 of 19 benchmark areas
    /// in 20 s each where 2 workers proved 15 (tools/Partitioner.Bench.Exact/RESULTS.md). Where CP-SAT races SCIP
    /// (<see cref="MipEngine.Portfolio"/>), 0 gives CP-SAT its LP-led strategies on the cores SCIP leaves instead
    /// (<see cref="SetPartitionRace.SatSide"/>).
    /// </summary>
    public int Workers { get; init; }

    /// <summary>Extra CP-SAT parameters in its text format, e.g. "linearization_level:2"; applied last, each replacing the
    /// solver's own setting of the same field.</summary>
    public string SolverParameters { get; init; } = "";

    /// <summary>Which engine solves the set-partitioning program (<see cref="MipEngine.Portfolio"/>, both at once, by default).</summary>
    public MipEngine MipEngine { get; init; } = MipEngine.Portfolio;

    /// <summary>
    /// CP-SAT also gets one Boolean per pair of neighbouring practices ("in the same consortium"), searched first by its
    /// fixed-strategy worker (Ryan–Foster style branching). Off by default; see tools/Partitioner.Bench.Exact/RESULTS.md.
    /// </summary>
    public bool PairBranching { get; init; }

    /// <summary>Which model exact mode builds; <see cref="ExactFormulation.Auto"/> by default.</summary>
    public ExactFormulation Formulation { get; init; } = ExactFormulation.Auto;

    /// <summary>
    /// Most connected practice sets within the patient maximum that the set-partitioning model enumerates before
    /// giving up and using the centre model (about 0.1–0.5 s and a few tens of MB per 100,000).
    /// </summary>
    public int MaxCandidateConsortia { get; init; } = 1_000_000;

    /// <summary>
    /// For <see cref="Partitioner.Core.Rules.CountPreference.Fewest"/>/<c>Most</c>: always solve for the best count first
    /// and then for compactness at that count (two solves), instead of first trying the count the patient range allows.
    /// </summary>
    public bool CountSolveFirst { get; init; }

    /// <summary>
    /// When no <see cref="WarmStart"/> is given, hint the engines with a quick plan from the heuristic solver (2 restarts of
    /// 2,000 steps per practice on one thread, at most a tenth of the time limit and 5 s); with a count preference a
    /// heuristic plan at the extreme count also settles the count. Set-partitioning formulation only (see <see cref="ExactSolver"/>).
    /// </summary>
    public bool HeuristicWarmStart { get; init; } = true;

    /// <summary>
    /// Fewest candidates for which a compactness solve over the set-partitioning model first solves the LP and drops the
    /// candidates whose reduced cost rules them out (<see cref="ReducedCostFixing"/>); smaller models go to the engines
    /// whole. 0 (the default): always, which proved CCG 05H (4,510 candidates) in 2.7 s where CP-SAT alone did not in 20 s.
    /// </summary>
    public int ReducedCostFixingMinColumns { get; init; }

    /// <summary>Whether compactness solves over many candidates use LP reduced-cost fixing (<see cref="ReducedCostFixing"/>) at all.</summary>
    public bool ReducedCostFixing { get; init; } = true;

    /// <summary>
    /// Whether the LP relaxation behind reduced-cost fixing and the count bound is tightened by subset-row cuts on triples
    /// of practices (<see cref="SubsetRowCuts"/>) before the integer engines start. On by default.
    /// </summary>
    public bool SubsetRowCuts { get; init; } = true;

    /// <summary>
    /// Whether a compactness solve not proven by the cut bound branches on pairs of practices over the cut relaxation
    /// (branch and price, <see cref="CompactnessBranching"/>) before the integer engines start; needs
    /// <see cref="SubsetRowCuts"/>. On by default; <see cref="CompactnessBranchingShare"/> of the time left goes to it.
    /// </summary>
    public bool CompactnessBranching { get; init; } = true;

    /// <summary>Share (0–1) of the time left after the cut loop that compactness branching may take.</summary>
    public double CompactnessBranchingShare { get; init; } = 0.5;

    /// <summary>Whether the compactness solve's cut loop also separates subset-row cuts over five practices
    /// (<see cref="FiveRowCuts"/>) once no triple is violated. Off by default.</summary>
    public bool FiveRowCuts { get; init; }

    /// <summary>Whether a compactness solve whose subset-row cut bound leaves a gap also tries rounded capacity cuts
    /// (<see cref="Exact.CapacityCuts"/>: a set of practices meets at least ⌈patients / maximum⌉ localities) in a second
    /// master, and branches over that one where they close at least a third of the gap. On by default.</summary>
    public bool CapacityCuts { get; init; } = true;

    /// <summary>Whether the count race (fewest, with subset-row cuts) starts with CP-SAT over the candidates of least
    /// reduced cost in the cut relaxation of "fewer than the seed" (<see cref="CountRace"/>), and leaves out of CP-SAT's
    /// count model the candidates that relaxation rules out. On by default.</summary>
    public bool CountNearBound { get; init; } = true;

    /// <summary>Whether compactness branching takes nodes depth first ("together" first) instead of best bound first.</summary>
    public bool CompactnessDepthFirst { get; init; }

    /// <summary>The clock the time limit is measured on (the system's; tests give a fake one).</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The time of the solve (or phase) these options belong to, set by <see cref="ExactSolver"/>; null outside one.</summary>
    internal TimeBudget? Budget { get; init; }

    /// <summary>Cancelled at the limit of <see cref="Budget"/>: the engines stop on it.</summary>
    internal CancellationToken Deadline => Budget?.Deadline ?? CancellationToken.None;

    /// <summary>Largest instance exact mode accepts; larger ones belong to the heuristic solver or <see cref="PoolRecombination"/>.</summary>
    public int MaxPractices { get; init; } = 250;
}

/// <summary>The exact model. See <see cref="ExactSolver"/> for measured timings.</summary>
public enum ExactFormulation
{
    /// <summary>Set partitioning when the valid consortia can be listed (at most <see cref="ExactOptions.MaxCandidateConsortia"/>), else the centre model.</summary>
    Auto,
    /// <summary>Set partitioning over every valid consortium, exact for the centroid measure (falls back to the centre model when there are too many).</summary>
    SetPartitioning,
    /// <summary>Centre-based assignment with single-commodity-flow contiguity, measuring inertia about a centre practice.</summary>
    CentreFlow,
    /// <summary>Set partitioning only: when the valid consortia are too many to list, no plan and no bound (<see cref="ExactStatus.TimedOut"/>).</summary>
    SetPartitioningOnly,
}

/// <summary>The engine of the set-partitioning program; both come inside Google.OrTools.</summary>
public enum MipEngine
{
    /// <summary>CP-SAT: parallel portfolio of SAT, LP and local-search workers.</summary>
    CpSat,
    /// <summary>SCIP: LP-based branch and cut on one thread.</summary>
    Scip,
    /// <summary>CP-SAT and SCIP at once; the first proof stops the other (see <c>SetPartitionRace</c>).</summary>
    Portfolio,
}
