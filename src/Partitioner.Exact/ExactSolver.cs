using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Exact mode for areas of up to a few hundred practices: an integer program on Google.OrTools that either returns a plan
/// proven optimal, a plan with a known gap, or a proof that no plan meets the rules.
/// Count preference, spread and disruption weights are not part of the objective; <see cref="CountPreference.Fewest"/>
/// and <see cref="CountPreference.Most"/> are honoured lexicographically (best count first, then compactness).
/// Thread-safe: every solve owns its models and engines (several solves may run at once in one process).
/// </summary>
/// <remarks>
/// <para><b>Formulation.</b> By default (<see cref="ExactFormulation.Auto"/>) every valid consortium — connected on the
/// neighbourhood graph, within the patient range, balanced, not splitting or mixing locks — is listed
/// (<see cref="ConnectedSubsets"/>, ESU enumeration cut at the patient maximum) and the set-partitioning program over them
/// is solved (<see cref="SetPartitionModel"/>). Contiguity is then built into the columns, the LP relaxation is tight, and
/// the objective is exactly the heuristic's measure, the inertia about each consortium's patient-weighted centroid
/// (<see cref="Compactness.AboutCentroid"/>). When there are more than <see cref="ExactOptions.MaxCandidateConsortia"/>
/// connected sets (or listing takes over a quarter of the time limit) the centre model with single-commodity-flow
/// contiguity on CP-SAT (<see cref="CentreModel"/>) is used instead; it measures inertia about each consortium's
/// lowest-index practice (<see cref="Compactness.AboutCentre"/>). <see cref="ExactResult.Measure"/> says which.</para>
/// <para><b>Engines.</b> The LP relaxation and its reduced costs come from GLOP (<see cref="LpRelaxation"/>,
/// <see cref="ReducedCostFixing"/>); the integer program is raced on CP-SAT (8 workers, or one per core if more) and SCIP
/// (<see cref="ExactOptions.MipEngine"/>), each hinted with the heuristic's plan.</para>
/// <para><b>Count.</b> With a count preference, a valid seed plan (the caller's, else a quick heuristic plan,
/// <see cref="ExactOptions.HeuristicWarmStart"/>) at the extreme count the patient range allows (⌈P/max⌉ for fewest)
/// settles the count. Otherwise the LP relaxation of "fewest consortia" (GLOP) gives a lower bound on the count, which
/// proves the seed's count when they meet; for the fewest, the relaxation of "fewer than the seed" is then tightened by
/// subset-row cuts (<see cref="SubsetRowCuts"/>). Else, for the fewest over set partitioning (<see cref="CountRace"/>),
/// CP-SAT first minimises the count over the candidates of least reduced cost in that relaxation, which finds the fewest
/// count in seconds where it lies at the bound (proving it there); then two searches race below the best count found
/// for three quarters of the time left, each on its own core, the first to decide stopping the
/// other: branching on pairs of practices (<see cref="CountBranching"/>), which finds a plan with fewer consortia than the seed or proves there is none,
/// and CP-SAT minimising the count over the patient range's counts below the seed's with its LP-led strategies
/// (<see cref="PartitionFormulation.FewestOnSat"/>; it finds plans more often with its range starting at the patient range's
/// least count than at the LP's bound); when branching stops undecided, a second CP-SAT search takes its core. Then the
/// most compact plan at the best count found is returned, the count unproven unless a search decided it. For the most
/// consortia the bound is tried first with the compactness objective (a fifth of the time left when the seed has
/// another count; the seed's count gets the rest when that finds neither a plan nor a proof). When the bound is proven
/// impossible, a count-optimising solve finds the best count, then a compactness solve at that count. Without a seed the
/// count is minimised first (every practice within the maximum is a candidate on its own, so that program always has plans). Set
/// partitioning keeps only the candidates the count allows (<see cref="SetPartitionModel.ColumnsForCount"/>). A count not
/// proven makes the result <see cref="ExactStatus.Feasible"/> with no gap.</para>
/// <para><b>Time.</b> Each phase is granted a share of what is left of the limit, never more (<see cref="TimeBudget"/>); the
/// engines are interrupted at the limit, so a solve returns within about 0.5 s of it (<see cref="ExactResult.Phases"/>).</para>
/// <para><b>Figures</b> are in tools/Partitioner.Bench.Exact/RESULTS.md (the 22 benchmark areas, CBC's figures beside
/// CP-SAT's, and the 106 real 2021/22 CCGs split into localities).</para>
/// </remarks>
public static class ExactSolver
{
    /// <summary>Solves <paramref name="problem"/> exactly within the options' time limit.</summary>
    /// <exception cref="ArgumentException">The instance is too large or uses a rule exact mode does not model.</exception>
    public static ExactResult Solve(Problem problem, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= ExactOptions.Default;
        var clock = Stopwatch.StartNew();
        using var budget = new TimeBudget(options.TimeLimit, options.Clock);
        options = options with { Budget = budget };
        int n = problem.PracticeCount;
        if (n == 0) throw new ArgumentException("The problem has no practices.", nameof(problem));
        if (n > options.MaxPractices)
            throw new ArgumentException($"Exact mode is limited to {options.MaxPractices} practices and this area has {n}; use the heuristic solver, or PoolRecombination over its candidate consortia.", nameof(problem));
        if (problem.Rules.MinDeprivedShare is not null)
            throw new ArgumentException("Exact mode does not model the deprived-share rule (MinDeprivedShare) yet; remove it or use the heuristic solver.", nameof(problem));
        var rules = problem.Rules;
        if (rules.MinPatients > rules.MaxPatients)
            throw new ArgumentException($"The minimum consortium size {rules.MinPatients:N0} is above the maximum {rules.MaxPatients:N0}.", nameof(problem));

        string? precheck = PreCheck(problem, out int minCount, out int maxCount);
        if (precheck is not null)
            return new ExactResult(null, ExactStatus.Infeasible, double.NaN, double.NaN, double.NaN, clock.Elapsed, precheck);
        // The patient range's least count, kept for CP-SAT minimising the count (below), which finds plans more often when
        // its range starts there than at the LP's bound.
        int rangeMin = minCount;

        var formulation = Choose(problem, options, budget, out string formulationNote);
        if (formulation is null)
            return new ExactResult(null, ExactStatus.TimedOut, double.NaN, double.NaN, double.NaN, clock.Elapsed, formulationNote.Trim()) { Measure = CompactnessMeasure.AboutCentroid };
        var sense = rules.CountPreference switch { CountPreference.Fewest => 1, CountPreference.Most => -1, _ => 0 };
        // minCount–maxCount is the range of counts not yet ruled out (the patient range's at first, narrowed by every proof
        // below), so its end on the preferred side is what is proven about the count: no plan has fewer (more) consortia.
        int? CountBound() => sense == 0 ? null : sense > 0 ? minCount : maxCount;
        string countNote = "";
        Attempt final;
        bool userWarm = options.WarmStart is not null;
        // The heuristic seed is used with set partitioning only (the centre model's hint would not fix its flows).
        var start = options.WarmStart ?? (options.HeuristicWarmStart && formulation is PartitionFormulation ? HeuristicPlan(problem, budget) : null);
        // A valid seed (the caller's or the heuristic's) at the extreme count settles the count.
        bool startValid = start is not null && start.Length == problem.PracticeCount && PlanCheck.PlanViolations(problem, start).Count == 0;
        try
        {
            if (sense != 0 && minCount < maxCount && startValid)
            {
                int k0 = Count(start!);
                int first = sense > 0 ? minCount : maxCount;
                if (k0 == first)
                {
                    minCount = maxCount = first;
                    countNote = $" {first} is the {(sense > 0 ? "fewest" : "most")} consortia the patient range allows.";
                }
                else if (formulation is PartitionFormulation partition)
                {
                    // The LP relaxation of "fewest (most) consortia" often proves the seed's count at once; at least it
                    // lifts the count the extreme-count attempt below starts from.
                    int lpCount = partition.CountByLp(minCount, maxCount, sense, budget.Grant("count bound (LP and cuts)", CountLpShare), k0);
                    if (sense > 0) minCount = Math.Max(minCount, lpCount);
                    else maxCount = Math.Min(maxCount, lpCount);
                    if (k0 == lpCount)
                    {
                        minCount = maxCount = k0;
                        countNote = $" {k0} is the {(sense > 0 ? "fewest" : "most")} consortia possible (LP bound).";
                    }
                }
                else options = options with { CountSolveFirst = true };
            }
            // Without a seed, fixing the extreme count can leave CP-SAT with neither a plan nor a proof (274 practices at 78
            // localities); minimising the count always has plans (every practice within the maximum is a candidate alone).
            else if (sense != 0 && minCount < maxCount) options = options with { CountSolveFirst = true };
            options = options with { WarmStart = start };
            if (sense != 0 && minCount < maxCount)
            {
                // Best count first (issue 6, item c): unless a count solve was asked for (or the centre model's heuristic seed
                // missed the extreme count), the extreme count allowed by the patient range is tried with the compactness
                // objective directly; only when it is proven impossible does a count-optimising solve find the best count,
                // and a last solve the most compact plan with it (warm-started from the better plan with that count).
                // (With CBC, a count solve found no 10-locality plan for CCG 08D in 30 s, where the compactness solve over the
                // candidates that count allows found and proved one in 5 s.)
                int first = sense > 0 ? minCount : maxCount;
                string word = sense > 0 ? "fewest" : "most";
                bool seedElsewhere = start is not null && Count(start) != first;
                if (seedElsewhere && sense > 0 && !options.CountSolveFirst && formulation is PartitionFormulation fewer)
                {
                    var (seed, k, proven, how) = CountRace.BelowSeed(problem, fewer, options, budget, start!, rangeMin, ref minCount);
                    if (proven) minCount = maxCount = k;
                    (final, countNote) = AtBestCountFound(formulation, budget, seed, k, proven, how, sense, CountBound()!.Value);
                }
                else
                {
                    // When the seed has another count (the most consortia), the extreme count gets a fifth of the time and
                    // the seed's count the rest.
                    var atFirst = options.CountSolveFirst
                        ? new Attempt(EngineStatus.Infeasible, null, double.NaN, "")
                        : formulation.Solve(first, first, 0, budget.Grant($"compactness at the {word} count", seedElsewhere ? ExtremeCountShare : 1), seedElsewhere ? null : options.WarmStart);
                    if (atFirst.Status != EngineStatus.Infeasible && atFirst.Plan is null && seedElsewhere)
                    {
                        // Neither a plan nor a proof at the extreme count: the most compact plan at the seed's count.
                        (final, countNote) = AtBestCountFound(formulation, budget, start!, Count(start!), false, "", sense, CountBound()!.Value);
                    }
                    else if (atFirst.Status != EngineStatus.Infeasible)
                    {
                        final = atFirst;
                        if (atFirst.Plan is not null) countNote = $" {first} is the {word} consortia the patient range allows.";
                        if (seedElsewhere && atFirst.Status == EngineStatus.Stopped && atFirst.Plan is not null && !budget.Below(TimeSpan.FromSeconds(1)))
                        {
                            // The extreme count had a fifth of the time; the rest goes on improving its plan and bound.
                            var more = formulation.Solve(first, first, 0, budget.Grant($"compactness at the {word} count, continued"), atFirst.Plan);
                            if (more.Plan is not null && formulation.Objective(more.Plan) <= formulation.Objective(atFirst.Plan))
                                final = more with { Bound = double.IsNaN(more.Bound) ? atFirst.Bound : double.IsNaN(atFirst.Bound) ? more.Bound : Math.Max(more.Bound, atFirst.Bound) };
                        }
                    }
                    else
                    {
                        var (lo, hi) = options.CountSolveFirst ? (minCount, maxCount) : sense > 0 ? (first + 1, maxCount) : (minCount, first - 1);
                        var counted = formulation.Solve(lo, hi, sense, budget.Grant("count", 0.5), options.WarmStart);
                        if (counted.Plan is null)
                            return ExactOutcome.Finish(problem, counted.Status, null, double.NaN, double.NaN, clock, formulationNote, formulation.Measure) with { Phases = budget.Phases, CountBound = CountBound() };
                        int k = Count(counted.Plan);
                        // The extreme count is proven impossible (unless the count solve came first: then lo–hi is the range already).
                        (minCount, maxCount) = counted.Status == EngineStatus.Optimal ? (k, k) : (lo, hi);
                        countNote = counted.Status == EngineStatus.Optimal
                            ? $" {k} is the {word} consortia possible."
                            : $" {k} consortia is the {word} found in time, not proven; {ExactOutcome.CountLimit(sense, CountBound()!.Value)}.";
                        // Seed the compactness solve with the better of the count solve's plan and the heuristic's, if it has k.
                        var seed = counted.Plan;
                        if (start is not null && Count(start) == k && formulation.Objective(start) < formulation.Objective(seed)) seed = start;
                        final = formulation.Solve(k, k, 0, budget.Grant("compactness at the best count"), seed);
                        if (final.Plan is null) final = final with { Plan = seed, Bound = double.NaN };
                        // Fewer (more) consortia win outright, so without a proven count neither optimality nor a
                        // compactness gap can be claimed: the bound at this count says nothing about other counts.
                        if (counted.Status != EngineStatus.Optimal) final = final with { Status = EngineStatus.Stopped, Bound = double.NaN };
                    }
                }
            }
            else
            {
                final = formulation.Solve(minCount, maxCount, 0, budget.Grant("compactness"), options.WarmStart);
            }
        }
        catch (OperationCanceledException)
        {
            // Filtering candidates reached the limit (of the solve or of its phase): the seed is the answer, nothing proven.
            return ExactOutcome.Finish(problem, EngineStatus.Stopped, startValid ? start : null, startValid ? formulation.Objective(start!) : double.NaN, double.NaN, clock,
                " The time limit was reached while preparing a model." + formulationNote, formulation.Measure) with { Phases = budget.Phases, CountBound = CountBound() };
        }
        // Notes about an ignored warm start concern the caller's plan only, not the internal heuristic seed.
        string warmNote = userWarm ? final.Note : "";
        budget.Grant("checking the plan", 0);
        return ExactOutcome.Finish(problem, final.Status, final.Plan, final.Plan is null ? double.NaN : formulation.Objective(final.Plan), final.Bound, clock,
            warmNote + countNote + formulationNote, formulation.Measure) with { Phases = budget.Phases, CountBound = CountBound() };
    }

    /// <summary>
    /// The most compact plan with <paramref name="count"/> consortia, started from <paramref name="seed"/> (which stands if
    /// nothing better is found), and the sentence about its count: proven by <paramref name="how"/>, or the best found with
    /// <paramref name="countBound"/> what is proven. Without a proven count neither optimality nor a gap is claimed.
    /// </summary>
    private static (Attempt Final, string CountNote) AtBestCountFound(Formulation formulation, TimeBudget budget, int[] seed, int count,
        bool proven, string how, int sense, int countBound)
    {
        var final = formulation.Solve(count, count, 0, budget.Grant("compactness at the best count found"), seed);
        final = final with { Plan = final.Plan ?? seed };
        if (!proven) final = final with { Status = EngineStatus.Stopped, Bound = double.NaN };
        string word = sense > 0 ? "fewest" : "most";
        return (final, proven
            ? $" {count} is the {word} consortia possible ({how})."
            : $" {count} consortia is the {word} found in time, not proven; {ExactOutcome.CountLimit(sense, countBound)}.");
    }

    /// <summary>
    /// A quick plan from the heuristic solver to hint the engines (CBC, before them, needed 30 s for a first plan on 163,000 columns):
    /// one restart, a short step budget, at most a tenth of the time limit. Null when it finds no valid plan.
    /// </summary>
    private static int[]? HeuristicPlan(Problem problem, TimeBudget budget)
    {
        var rules = problem.Rules;
        if (rules.MinPatients <= 0)
        {
            // The heuristic needs a positive minimum; the smallest practice is the same rule as 0.
            double smallest = double.PositiveInfinity;
            foreach (double p in problem.Patients) smallest = Math.Min(smallest, p);
            rules = rules with { MinPatients = Math.Min(smallest, rules.MaxPatients) };
        }
        try
        {
            var seeded = new Problem(problem.Graph, problem.Patients, problem.Deprivation, problem.Spend, problem.X, problem.Y,
                rules with { SpreadWeight = 0, DisruptionWeight = 0 }, locked: problem.Locked, lockNames: problem.LockNames,
                practiceCodes: problem.PracticeCodes);
            var limit = budget.Grant("heuristic seed", HeuristicShare, MaxHeuristicTime);
            var result = Solver.Solve(seeded, new SolverOptions
            {
                Seed = 1, Restarts = 2, MaxDegreeOfParallelism = 1, MaxSteps = 2_000L * problem.PracticeCount + 5_000,
                TimeLimit = limit,
            });
            if (result.Status != SolveStatus.Feasible || result.ConsortiumOf.Length != problem.PracticeCount) return null;
            return PlanCheck.PlanViolations(problem, result.ConsortiumOf).Count == 0 ? result.ConsortiumOf : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Share of the limit that listing the candidates may take before the centre model is used instead.</summary>
    private const double ListingShare = 0.25;

    /// <summary>Share of the time left for the compactness solve at the most consortia the patient range allows when the
    /// seed has another count: with no plan to start from it rarely finds one there (tools/Partitioner.Bench.Exact/RESULTS.md,
    /// eighth part; for the fewest, CP-SAT minimising the count takes its place, tenth part).</summary>
    private const double ExtremeCountShare = 0.2;

    /// <summary>Share of the time left for the LP (and cut) bound on the count.</summary>
    private const double CountLpShare = 0.25;

    /// <summary>Share of the time left, and most time, for the quick heuristic seed.</summary>
    private const double HeuristicShare = 0.1;
    private static readonly TimeSpan MaxHeuristicTime = TimeSpan.FromSeconds(5);

    /// <summary>The number of consortia of a plan whose consortia are numbered from 0.</summary>
    internal static int Count(int[] plan)
    {
        int k = 0;
        foreach (int c in plan) k = Math.Max(k, c + 1);
        return k;
    }

    private static Formulation? Choose(Problem problem, ExactOptions options, TimeBudget budget, out string note)
    {
        note = "";
        if (options.Formulation != ExactFormulation.CentreFlow)
        {
            var model = SetPartitionModel.TryBuild(problem, options.MaxCandidateConsortia, budget.Grant("listing candidates", ListingShare));
            if (model is not null)
            {
                note = string.Create(CultureInfo.InvariantCulture, $" Set partitioning over all {model.Candidates.Count:N0} valid consortia.");
                return new PartitionFormulation(model, options);
            }
            if (options.Formulation == ExactFormulation.SetPartitioningOnly)
            {
                note = $" The area has more than {options.MaxCandidateConsortia:N0} possible consortia (or listing them took over a quarter of the time limit), so no exact model was built.";
                return null;
            }
            note = $" The area has more than {options.MaxCandidateConsortia:N0} possible consortia (or listing them took over a quarter of the time limit), so the centre model was used instead.";
        }
        return new FlowFormulation(problem, options);
    }

    /// <summary>
    /// Splits an area (one consortium or one CCG) into contiguous localities of at most
    /// <paramref name="maxPatients"/> patients (the BMA's "no more than 30,000") and at least
    /// <paramref name="minPatients"/>, as compact as possible. Balance rules, count rules and locks are dropped.
    /// </summary>
    public static ExactResult SplitIntoLocalities(Problem area, double maxPatients = 30_000, double minPatients = 0, ExactOptions? options = null) =>
        LocalitySplitter.Split(area, maxPatients, minPatients, options);

    /// <summary>Cheap proofs of infeasibility with specific messages; also the count range for the model.</summary>
    private static string? PreCheck(Problem problem, out int minCount, out int maxCount)
    {
        var rules = problem.Rules;
        int n = problem.PracticeCount;
        for (int i = 0; i < n; i++)
        {
            if (!(problem.Patients[i] > 0) || !double.IsFinite(problem.Patients[i]))
                throw new ArgumentException($"Practice {problem.PracticeCodes[i]} has {problem.Patients[i]} patients; every practice needs a positive list size.", nameof(problem));
            if (problem.Patients[i] > rules.MaxPatients)
            {
                minCount = maxCount = 0;
                return $"No plan is possible: practice {problem.PracticeCodes[i]} alone has {problem.Patients[i]:N0} patients, above the maximum consortium size {rules.MaxPatients:N0}. Raise the maximum.";
            }
        }
        var component = problem.Graph.Components(out int components);
        var pop = new double[components];
        var first = new int[components];
        Array.Fill(first, -1);
        for (int i = 0; i < n; i++)
        {
            pop[component[i]] += problem.Patients[i];
            if (first[component[i]] < 0) first[component[i]] = i;
        }
        long lo = 0, hi = 0;
        for (int c = 0; c < components; c++)
        {
            long least = RuleCheck.FewestParts(pop[c], rules.MaxPatients);
            long most = rules.MinPatients > 0 ? RuleCheck.MostParts(pop[c], rules.MinPatients) : n;
            most = Math.Min(most, n);
            if (least > most)
            {
                minCount = maxCount = 0;
                string where = components == 1 ? "The area" : $"The part of the area connected to practice {problem.PracticeCodes[first[c]]}";
                return $"No plan is possible: {where} has {pop[c]:N0} patients, which cannot be split into contiguous consortia of {rules.MinPatients:N0}–{rules.MaxPatients:N0} patients. Change the patient range, or connect this part to its neighbours.";
            }
            lo += least;
            hi += most;
        }
        minCount = (int)Math.Max(lo, rules.MinCount ?? 1);
        maxCount = (int)Math.Min(hi, rules.MaxCount ?? n);
        if (minCount > maxCount)
        {
            return $"No plan is possible: the patient range allows {lo}–{hi} consortia but the count rule asks for {rules.MinCount?.ToString(CultureInfo.InvariantCulture) ?? "any"}–{rules.MaxCount?.ToString(CultureInfo.InvariantCulture) ?? "any"}. Change the count rule or the patient range.";
        }
        return null;
    }
}
