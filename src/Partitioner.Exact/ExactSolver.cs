using System.Diagnostics;
using System.Globalization;
using System.Text;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Exact mode for small instances (up to a few dozen practices per area): a mixed-integer program solved by CBC
/// that either returns a plan proven optimal, a plan with a known gap, or a proof that no plan meets the rules.
/// Count preference, spread and disruption weights are not part of the objective; <see cref="CountPreference.Fewest"/>
/// and <see cref="CountPreference.Most"/> are honoured lexicographically (best count first, then compactness).
/// Thread-safe (CBC calls are serialised).
/// </summary>
/// <remarks>
/// <para><b>Formulation (chosen by measurement, issue 6).</b> By default (<see cref="ExactFormulation.Auto"/>) every valid
/// consortium — connected on the neighbourhood graph, within the patient range, balanced, not splitting or mixing
/// locks — is listed (<see cref="ConnectedSubsets"/>, ESU enumeration cut at the patient maximum) and CBC solves the set
/// partitioning program over them. Contiguity is then built into the columns, the LP relaxation is tight, and the
/// objective is exactly the heuristic's measure, the inertia about each consortium's patient-weighted centroid
/// (<see cref="Compactness.AboutCentroid"/>). When there are more than <see cref="ExactOptions.MaxCandidateConsortia"/>
/// connected sets (or listing takes over a quarter of the time limit) the centre model with single-commodity-flow
/// contiguity (<see cref="CentreModel"/>) is used instead; it measures inertia about each consortium's lowest-index
/// practice (<see cref="Compactness.AboutCentre"/>). <see cref="ExactResult.Measure"/> says which.</para>
/// <para><b>Count.</b> With a count preference, the extreme count the patient range allows (ceil(P/max) for fewest) is
/// tried first with the compactness objective, seeded with a quick heuristic plan (<see cref="ExactOptions.HeuristicWarmStart"/>)
/// when that plan has this count. Set partitioning then keeps only the candidates the count allows
/// (<see cref="SetPartitionModel.ColumnsForCount"/>: at 10 localities of at most 30,000 for 296,027 patients each needs
/// 26,027) and fixes candidates by LP reduced cost (<see cref="ReducedCostFixing"/>). When the heuristic plan has another
/// count, the extreme count gets half the time; if it yields neither a plan nor a proof that it is impossible, the most
/// compact plan at the heuristic's count is returned with the count unproven. When CBC proves the extreme count
/// impossible, a count-optimising solve finds the best count, then a compactness solve at that count. (The centre model
/// solves for the count first whenever the heuristic plan misses the extreme count.) A count not proven makes the result
/// <see cref="ExactStatus.Feasible"/> with no gap.</para>
/// <para><b>Figures</b> (tools/Partitioner.Bench.Exact, localities of at most 30,000 patients, fewest then most compact;
/// 10 grids of 25–64 practices and 12 real 2014/15 CCGs of 20–79 practices; 2-core container, 60 s limit):
/// centre model with flow (20 s CPU limit): 9 of 22 proven, 9 of the 17 with at most 50 practices, root gaps of 15–26%
/// on CCGs of 28–41 practices, no plan at all for several grids of 48–64 practices.
/// Set partitioning without a warm start: 20 of 22 proven, all 17 up to 50 practices, slowest 14–20 s (CCG 09A, 37
/// practices, 60,354 columns: CBC's feasibility pump took 10 s before the first incumbent); the 79-practice CCG 07W
/// (163,091 columns) found no plan in 60 s because the pump used 30 s.
/// Set partitioning with the heuristic warm start, count solve first when the heuristic missed the extreme count: all
/// 17 up to 50 practices proven in at most 5 s, 20 of 22 proven. Unproven: CCG 08D (52 practices, 541,220 connected
/// sets) and CCG 07W (79 practices, 163,091 sets), reported with 11 and 15 localities although 10 and 14 are
/// possible: the count solve (objective: number of consortia) has an LP bound equal to ceil(P/max) and CBC's root work on
/// that many columns (feasibility pump, strong branching) left no time to find such a plan.
/// Current (count-pruned candidates, extreme count first, reduced-cost fixing; 60 s wall clock, 2026-11-23): 21 of 22
/// proven; of the other 20, CCG 09A went from 4.8 s to 2.5 s and 08W from 4.2 s to 1.5 s, the rest stayed within 1 s;
/// CCG 08D proven at 10 localities in 5 s, also without the heuristic seed (134,490 against the 11-locality plan of
/// 84,417 reported before). CCG 07W: 14 localities when the heuristic seed has 14 (the count the patient range forces,
/// so proven), but a compactness gap of about 27% (317,403 against a bound of 232,128; 45% before): a 14-locality plan
/// leaves only 7,175 unused places, so every locality needs 22,825–30,000 patients; the LP bound is 221,571, CBC finds
/// only plans of 290,000–420,000 from the seed (its proximity search helps; the pools of least reduced cost hold no
/// plan it finds in their share of the time), none without it, and in 300 s the gap is still 19% (289,353 against
/// 233,510). Since the heuristic ends with exact re-cuts of neighbouring consortia its seed is 265,479 (the best plan
/// known); CBC finds nothing better and its bound stays at 233,509 (12%) after 60 s and after 600 s alike, and at
/// 223,135 after 300 s with its cuts off. Turning CBC's feasibility pump off ("feas off") changed
/// nothing measurable once a warm start is given, and CBC's default cuts were kept. CBC's time limit is set to
/// wall-clock ("timeMode elapsed"): its default CPU-time limit overran by 60% when the machine was busy.</para>
/// <para>Not done: separator (cut) contiguity for the centre model; the set-partitioning model makes it unnecessary
/// where enumeration fits, and the flow model remains the fallback beyond that.</para>
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

        var formulation = Choose(problem, options, out string formulationNote);
        if (formulation is null)
            return new ExactResult(null, ExactStatus.TimedOut, double.NaN, double.NaN, double.NaN, clock.Elapsed, formulationNote.Trim()) { Measure = CompactnessMeasure.AboutCentroid };
        var sense = rules.CountPreference switch { CountPreference.Fewest => 1, CountPreference.Most => -1, _ => 0 };
        Remaining Left() => new(options.TimeLimit - clock.Elapsed);
        string countNote = "";
        Attempt final;
        bool userWarm = options.WarmStart is not null;
        // The heuristic seed is used with set partitioning only: MIP starts on the flow model make CBC complete the
        // continuous flows itself, and in testing that crashed the process (SIGSEGV) when the time limit struck meanwhile.
        var start = options.WarmStart ?? (options.HeuristicWarmStart && formulation is PartitionFormulation ? HeuristicPlan(problem, options) : null);
        // A valid seed (the caller's or the heuristic's) at the extreme count settles the count.
        bool startValid = start is not null && start.Length == problem.PracticeCount && PlanCheck.PlanViolations(problem, start).Count == 0;
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
                int lpCount = partition.CountByLp(minCount, maxCount, sense, Left().Span / 4);
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
            // objective directly; only when CBC proves it impossible does a count-optimising solve find the best count,
            // and a last solve the most compact plan with it (warm-started from the better plan with that count).
            // The count solve's LP bound is ceil(P/max) and it found no 10-locality plan for CCG 08D in 30 s, where the
            // compactness solve over the candidates that count allows finds and proves one in 5 s.
            int first = sense > 0 ? minCount : maxCount;
            string word = sense > 0 ? "fewest" : "most";
            // When the seed has another count, the extreme count gets half the time and the seed's count the rest.
            bool seedElsewhere = start is not null && Count(start) != first;
            var atFirst = options.CountSolveFirst
                ? new Attempt(EngineStatus.Infeasible, null, double.NaN, "")
                : formulation.Solve(first, first, 0, seedElsewhere ? Left().Half : Left().Span, seedElsewhere ? null : options.WarmStart);
            if (atFirst.Status != EngineStatus.Infeasible && atFirst.Plan is null && seedElsewhere)
            {
                // Neither a plan nor a proof at the extreme count: the most compact plan at the seed's count, count unproven.
                int k = Count(start!);
                final = formulation.Solve(k, k, 0, Left().Span, start);
                final = final with { Plan = final.Plan ?? start, Status = EngineStatus.Stopped, Bound = double.NaN };
                countNote = $" {k} consortia is the {word} found in time, not proven.";
            }
            else if (atFirst.Status != EngineStatus.Infeasible)
            {
                final = atFirst;
                if (atFirst.Plan is not null) countNote = $" {first} is the {word} consortia the patient range allows.";
                if (seedElsewhere && atFirst.Status == EngineStatus.Stopped && atFirst.Plan is not null && Left().Left > TimeSpan.FromSeconds(1))
                {
                    // The extreme count had half the time; the rest goes on improving its plan and bound.
                    var more = formulation.Solve(first, first, 0, Left().Span, atFirst.Plan);
                    if (more.Plan is not null && formulation.Objective(more.Plan) <= formulation.Objective(atFirst.Plan))
                        final = more with { Bound = double.IsNaN(more.Bound) ? atFirst.Bound : double.IsNaN(atFirst.Bound) ? more.Bound : Math.Max(more.Bound, atFirst.Bound) };
                }
            }
            else
            {
                var (lo, hi) = options.CountSolveFirst ? (minCount, maxCount) : sense > 0 ? (first + 1, maxCount) : (minCount, first - 1);
                var counted = formulation.Solve(lo, hi, sense, Left().Half, options.WarmStart);
                if (counted.Plan is null)
                    return Finish(problem, counted.Status, null, double.NaN, double.NaN, clock, formulationNote, formulation.Measure);
                int k = Count(counted.Plan);
                countNote = counted.Status == EngineStatus.Optimal
                    ? $" {k} is the {word} consortia possible."
                    : $" {k} consortia is the {word} found in time, not proven.";
                // Seed the compactness solve with the better of the count solve's plan and the heuristic's, if it has k.
                var seed = counted.Plan;
                if (start is not null && Count(start) == k && formulation.Objective(start) < formulation.Objective(seed)) seed = start;
                final = formulation.Solve(k, k, 0, Left().Span, seed);
                if (final.Plan is null) final = final with { Plan = seed, Bound = double.NaN };
                // Fewer (more) consortia win outright, so without a proven count neither optimality nor a
                // compactness gap can be claimed: the bound at this count says nothing about other counts.
                if (counted.Status != EngineStatus.Optimal) final = final with { Status = EngineStatus.Stopped, Bound = double.NaN };
            }
        }
        else
        {
            final = formulation.Solve(minCount, maxCount, 0, Left().Span, options.WarmStart);
        }
        // Notes about an ignored warm start concern the caller's plan only, not the internal heuristic seed.
        string warmNote = userWarm ? final.Note : "";
        return Finish(problem, final.Status, final.Plan, final.Plan is null ? double.NaN : formulation.Objective(final.Plan), final.Bound, clock,
            warmNote + countNote + formulationNote, formulation.Measure);
    }

    /// <summary>
    /// A quick plan from the heuristic solver to seed CBC (CBC's own feasibility pump needed 30 s on 163,000 columns):
    /// one restart, a short step budget, at most a tenth of the time limit. Null when it finds no valid plan.
    /// </summary>
    private static int[]? HeuristicPlan(Problem problem, ExactOptions options)
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
            var limit = options.TimeLimit / 10;
            var result = Solver.Solve(seeded, new SolverOptions
            {
                Seed = 1, Restarts = 2, MaxDegreeOfParallelism = 1, MaxSteps = 2_000L * problem.PracticeCount + 5_000,
                TimeLimit = limit > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : limit,
            });
            if (result.Status != SolveStatus.Feasible || result.ConsortiumOf.Length != problem.PracticeCount) return null;
            return PlanCheck.PlanViolations(problem, result.ConsortiumOf).Count == 0 ? result.ConsortiumOf : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private readonly record struct Remaining(TimeSpan Left)
    {
        public TimeSpan Span => Left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : Left;
        public TimeSpan Half => Span / 2 < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : Span / 2;
    }

    private static int Count(int[] plan)
    {
        int k = 0;
        foreach (int c in plan) k = Math.Max(k, c + 1);
        return k;
    }

    private sealed record Attempt(EngineStatus Status, int[]? Plan, double Bound, string Note);

    /// <summary>One exact formulation: solve with the count in a range, minimising compactness (countSense 0) or ±count.</summary>
    private abstract class Formulation
    {
        public abstract CompactnessMeasure Measure { get; }
        public abstract double Objective(int[] plan);
        public abstract Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm);
    }

    private sealed class FlowFormulation(Problem problem, ExactOptions options) : Formulation
    {
        public override CompactnessMeasure Measure => CompactnessMeasure.AboutCentre;
        public override double Objective(int[] plan) => Compactness.PlanAboutCentre(problem, plan);
        public override Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm)
        {
            var model = CentreModel.Build(problem, minCount, maxCount, countSense);
            string note = "";
            if (warm is not null && !InRange(warm, minCount, maxCount))
            {
                note = OutOfRange(warm, minCount, maxCount);
                warm = null;
            }
            else if (warm is not null && !model.Accepts(warm))
            {
                note = warm.Length != problem.PracticeCount
                    ? $" The warm-start plan was ignored: it has {warm.Length} entries for {problem.PracticeCount} practices."
                    : " The warm-start plan was ignored: it breaks the patient range or contiguity.";
                warm = null;
            }
            var outcome = model.Solve(warm, options, limit);
            return new Attempt(outcome.Status, outcome.Plan, outcome.Bound, note);
        }
    }

    private sealed class PartitionFormulation(SetPartitionModel model, ExactOptions options) : Formulation
    {
        public override CompactnessMeasure Measure => CompactnessMeasure.AboutCentroid;
        public override double Objective(int[] plan) => Compactness.PlanAboutCentroid(model.Problem, plan);
        public override Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm)
        {
            string note = warm is not null && !InRange(warm, minCount, maxCount) ? OutOfRange(warm, minCount, maxCount) : "";
            if (warm is not null && !InRange(warm, minCount, maxCount)) warm = null;
            if (warm is not null && (warm.Length != model.Problem.PracticeCount || model.StartColumns(warm) is null))
            {
                note = " The warm-start plan was ignored: it breaks the patient range, contiguity or another rule.";
                warm = null;
            }
            if (countSense == 0)
            {
                var outcome = ReducedCostFixing.Solve(model, minCount, maxCount, limit, warm, options, options.ReducedCostFixing ? options.ReducedCostFixingMinColumns : int.MaxValue);
                return new Attempt(outcome.Status, outcome.Plan, outcome.Bound, note);
            }
            var start = warm is null ? null : model.StartColumns(warm);
            var columns = model.ColumnsForCount(minCount, maxCount);
            if (start is not null) columns = ReducedCostFixing.Union(columns, start);
            var counted = model.Solve(minCount, maxCount, countSense, columns, start, options, limit);
            return new Attempt(counted.Status, counted.Plan, counted.Bound, note);
        }

        /// <summary>
        /// The best count the LP relaxation allows (⌈LP⌉ of the fewest, ⌊LP⌋ of the most consortia) within the range, or
        /// the range's end when the LP is not solved in time. No plan has a better count.
        /// </summary>
        public int CountByLp(int minCount, int maxCount, int sense, TimeSpan limit)
        {
            var columns = model.ColumnsForCount(minCount, maxCount);
            var ones = new double[model.Candidates.Count];
            Array.Fill(ones, sense > 0 ? 1.0 : -1.0);
            var lp = LpRelaxation.Solve(model.Problem.PracticeCount, model.Candidates, ones, columns, minCount, maxCount, limit);
            if (lp.Status != EngineStatus.Optimal) return sense > 0 ? minCount : maxCount;
            return sense > 0
                ? Math.Clamp((int)Math.Ceiling(lp.Objective - 1e-6), minCount, maxCount)
                : Math.Clamp((int)Math.Floor(-lp.Objective + 1e-6), minCount, maxCount);
        }
    }

    private static string OutOfRange(int[] plan, int minCount, int maxCount) => string.Create(CultureInfo.InvariantCulture,
        $" The warm-start plan was ignored: it has {Compactness.Groups(plan).Count} consortia, outside {minCount}–{maxCount}.");

    private static bool InRange(int[] plan, int minCount, int maxCount)
    {
        int k = Compactness.Groups(plan).Count;
        return k >= minCount && k <= maxCount;
    }

    private static Formulation? Choose(Problem problem, ExactOptions options, out string note)
    {
        note = "";
        if (options.Formulation != ExactFormulation.CentreFlow)
        {
            var model = SetPartitionModel.TryBuild(problem, options.MaxCandidateConsortia, options.TimeLimit / 4);
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

    internal static ExactResult Finish(Problem problem, EngineStatus status, int[]? plan, double objective, double bound,
        Stopwatch clock, string note, CompactnessMeasure measureKind)
    {
        string measure = measureKind == CompactnessMeasure.AboutCentroid ? "about centroids" : "about centre practices";
        var elapsed = clock.Elapsed;
        string seconds = elapsed.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        if (plan is null)
        {
            if (status == EngineStatus.Infeasible)
                return new ExactResult(null, ExactStatus.Infeasible, double.NaN, double.NaN, double.NaN, elapsed,
                    $"The exact solver (CP-SAT) proved that no plan meets these rules: {DescribeRules(problem)}. Relax one of them (widen the patient range or a tolerance, or allow more or fewer consortia) and try again.{note}") { Measure = measureKind };
            return new ExactResult(null, ExactStatus.TimedOut, double.NaN, double.IsFinite(bound) ? bound : double.NaN, double.NaN, elapsed,
                $"No plan was found within {seconds} s and nothing was proven; allow more time or use the heuristic solver.{note}") { Measure = measureKind };
        }
        var violations = PlanCheck.PlanViolations(problem, plan);
        if (violations.Count > 0) note += " Warning: the plan the exact solver returned breaks a rule (" + string.Join("; ", violations) + ").";
        bool optimal = status == EngineStatus.Optimal;
        // Proven optimal means optimal for the integer-scaled costs, which differ from the real ones by under 10⁻⁹ of a
        // consortium's cost (SatEngine.Scale): the bound is the objective.
        if (optimal) bound = objective;
        else if (double.IsFinite(bound) && bound > objective) bound = objective;
        double gap = optimal ? 0 : Gap(objective, bound);
        int count = 0;
        foreach (int c in plan) count = Math.Max(count, c + 1);
        string obj = objective.ToString("N1", CultureInfo.InvariantCulture);
        string message = optimal
            ? $"Proven optimal plan: {count} consortia, compactness {obj} patient·km² {measure} ({problem.PracticeCount} practices, {seconds} s).{note}"
            : $"Plan with {count} consortia, compactness {obj} patient·km² {measure}; stopped after {seconds} s within {FormatGap(gap)} of optimal.{note}";
        return new ExactResult(plan, optimal ? ExactStatus.Optimal : ExactStatus.Feasible, objective, bound, gap, elapsed, message) { Measure = measureKind };
    }

    private static double Gap(double objective, double bound)
    {
        if (!double.IsFinite(bound)) return double.NaN;
        double denominator = Math.Max(Math.Abs(objective), 1e-9);
        return Math.Max(0, (objective - bound) / denominator);
    }

    private static string FormatGap(double gap) => double.IsNaN(gap) ? "an unknown gap" : (gap * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

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
            long least = (long)Math.Ceiling(pop[c] / rules.MaxPatients - 1e-9);
            long most = rules.MinPatients > 0 ? (long)Math.Floor(pop[c] / rules.MinPatients + 1e-9) : n;
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

    internal static string DescribeRules(Problem problem)
    {
        var r = problem.Rules;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{r.MinPatients:N0}–{r.MaxPatients:N0} patients per consortium");
        if (r.MinCount is not null || r.MaxCount is not null)
            sb.Append(CultureInfo.InvariantCulture, $", {r.MinCount?.ToString(CultureInfo.InvariantCulture) ?? "any"}–{r.MaxCount?.ToString(CultureInfo.InvariantCulture) ?? "any"} consortia");
        sb.Append(", each contiguous on the neighbourhood graph");
        foreach (var b in BalanceRule.Of(problem)) sb.Append(", ").Append(b.Describe());
        int locked = 0;
        foreach (int l in problem.Locked) if (l >= 0) locked++;
        if (locked > 0) sb.Append(CultureInfo.InvariantCulture, $", {locked} locked practices");
        return sb.ToString();
    }
}
