namespace Partitioner.Core.Solving;

/// <summary>
/// How a solve is run. Reproducibility: the same <see cref="Problem"/>, <see cref="Seed"/>, <see cref="Restarts"/>,
/// <see cref="MaxSteps"/> and <see cref="StallLimit"/> give the same plan on any number of worker threads, because
/// every restart draws from its own random stream derived from (seed, restart index), runs a fixed number of
/// steps, and the best restart is chosen by (violation, objective, restart index). <see cref="TimeLimit"/> is only
/// a safety stop: if it fires, restarts have done different amounts of work and the plan may differ between runs.
/// </summary>
public sealed record SolverOptions
{
    /// <summary>Seed of the random streams.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Number of independent restarts (each builds a plan and improves it). Fixed so results do not depend on the core count.</summary>
    public int Restarts { get; init; } = 4;

    /// <summary>Worker threads running restarts in parallel (null = processor count). Does not change the result.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Search steps (one boundary move or one ReCom proposal each) per restart; null = <see cref="DefaultSteps"/>. A
    /// balance repair's steps are mostly boundary moves and count an eighth each, and a repair that ends the budget with a
    /// rule still broken gets a closing repair of a tenth more.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>
    /// The default step budget per restart: 400 × practices, and for small areas 50,000,000 / practices (at least 200,000,
    /// at most 2,000,000). Small areas are cheap per step and, split into nearly full localities, need many steps per
    /// practice to reach the proven optimum (tools/Partitioner.Bench.Exact/RESULTS.md); from about 250 practices up the
    /// budget is what it always was (more steps did not improve the 300-practice region).
    /// </summary>
    public static long DefaultSteps(int practices) =>
        Math.Max(400L * practices, Math.Clamp(50_000_000L / Math.Max(1, practices), 200_000L, 2_000_000L));

    /// <summary>A restart stops after this many steps without improving its best plan (null = never). Deterministic.</summary>
    public long? StallLimit { get; init; }

    /// <summary>Wall-clock safety stop for the whole solve (null = none). Default 5 minutes.</summary>
    public TimeSpan? TimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When true and <see cref="TimeLimit"/> is set, the time limit is the budget rather than a safety stop: each restart
    /// gets an equal share of it (TimeLimit × workers / <see cref="Restarts"/>) and its annealing schedule cools over
    /// that share, whatever <see cref="MaxSteps"/> says (the step budget still applies if it comes first). Results then
    /// depend on machine speed. Default false: the schedule follows the step count and the plan is reproducible.
    /// </summary>
    public bool ScheduleByTime { get; init; }

    /// <summary>Strict (every rule hard) or best effort (least-violating plan with violations listed).</summary>
    public SolveMode Mode { get; init; } = SolveMode.Strict;

    /// <summary>Share of steps (0..1) that are ReCom merge-split proposals while every rule is met; the rest are
    /// single-practice boundary moves.</summary>
    public double RecomShare { get; init; } = 0.03;

    /// <summary>Share of steps that are ReCom proposals while the current plan breaks a rule outside a balance repair (the
    /// repair of a plan carved or dissolved beyond the population bounds, and the oscillation across them); the larger of
    /// this and <see cref="RecomShare"/> applies. A balance or share repair keeps <see cref="RecomShare"/> and makes eight
    /// cheap steps to a step of the budget: with a quarter of re-cuts it met ±10% on real England in none of three seeds,
    /// with the plain share and eight times the steps in all three.</summary>
    public double RepairRecomShare { get; init; } = 0.25;

    /// <summary>
    /// Share of a balance or share repair's schedule (0..1) by which it has settled: a repair that finds a plan meeting every
    /// rule sooner runs on, its moves still penalised and guided (and fewer of them re-cuts), and the compaction starts from
    /// the best plan meeting every rule that it met, with the steps left. Strict moves cannot cross a band's edge, so a plan
    /// handed to the compaction as soon as it first meets the bands stays near that first arrangement. Settling for half the
    /// schedule made real England's ±15% plans 3% more compact on the mean of six seeds (the worst seed 7%) and its ±25%
    /// plans 5%; to 0.7 of it, 4% and 6%, but two of six ±15% plans fell below a median Polsby–Popper of 0.2
    /// (tools/Partitioner.Bench/RESULTS.md, "The repair settles"). 0 hands the first plan meeting every rule to the
    /// compaction at once.
    /// </summary>
    internal double RepairSettleShare { get; init; } = 0.5;

    /// <summary>Receives progress about every <see cref="ProgressInterval"/> and when each restart ends; called from worker
    /// threads, one call at a time. Keep it quick: it runs inside the solver.</summary>
    public IProgress<SolveProgress>? Progress { get; init; }

    /// <summary>Minimum time between progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Random spanning trees drawn (in carving rounds of 8 per region) when carving the first plan before giving up on a count.</summary>
    public int ConstructionAttempts { get; init; } = 2000;

    /// <summary>
    /// When positive, the search keeps up to this many distinct valid consortia it meets (contiguous, within the
    /// population bounds, meeting every balance and share rule when seen) in <see cref="SolveResult.Pool"/>, e.g. for
    /// pool recombination by an exact set-partitioning solver. Each restart keeps its most recent share (capacity /
    /// <see cref="Restarts"/>) plus its best plan's valid consortia. Does not change the plan found. Default 0 (off).
    /// </summary>
    public int CollectPool { get; init; }
}
