using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Splits one area (a consortium or a real CCG) into contiguous, compact localities within a patient range (by default
/// at most 30,000, the size the BMA says gets GP buy-in), the fewest first, then the most compact, with the area's balance
/// rules. A practice above the maximum is a locality on its own. The rest is split by the exact model when it proves its
/// answer within the time limit, otherwise by the heuristic solver (fewest count) when that is better, with the gap to the
/// exact model's bound reported. Count rules and locks of the area are not applied. Thread-safe.
/// </summary>
public static class LocalitySplitter
{
    /// <summary>The BMA's locality ceiling in patients.</summary>
    public const double DefaultMaxPatients = 30_000;

    /// <summary>Most of the time limit the heuristic may use before the exact model starts from its plan (a safety cap on its step budget).</summary>
    private const double HeuristicShare = 0.25;

    /// <summary>The heuristic's cap is never shorter than this, so a short limit still runs its whole step budget.</summary>
    private static readonly TimeSpan MinHeuristicTime = TimeSpan.FromSeconds(5);

    /// <summary>Heuristic steps per restart for each second of the time limit, up to the solver's default budget.</summary>
    private const double HeuristicStepsPerSecond = 40_000;

    /// <summary>The fewest heuristic steps per restart, however short the limit (enough for a valid split of a real consortium).</summary>
    private const long MinHeuristicSteps = 50_000;

    /// <summary>Restarts of the heuristic on a short budget, and on the solver's default one.</summary>
    private const int ShortRestarts = 2;
    private static readonly int FullRestarts = new SolverOptions().Restarts;

    /// <summary>Below this much time left after the heuristic, the exact model is not started.</summary>
    private static readonly TimeSpan MinExactTime = TimeSpan.FromSeconds(0.25);

    /// <summary>Candidate localities the exact model may list per second of its time limit (listing and loading them is not bounded by the solver's clock).</summary>
    private const double CandidatesPerSecond = 25_000;

    /// <summary>The fewest candidate localities any exact model may list.</summary>
    private const double MinCandidates = 10_000;

    /// <summary>Splits the whole of <paramref name="area"/> without balance rules; see <see cref="Split(Problem, ConsortiumRules, ExactOptions?)"/>.</summary>
    public static ExactResult Split(Problem area, double maxPatients = DefaultMaxPatients, double minPatients = 0, ExactOptions? options = null) =>
        Split(area, new ConsortiumRules { MinPatients = minPatients, MaxPatients = maxPatients }, options);

    /// <summary>
    /// Splits the whole of <paramref name="area"/> into localities within <paramref name="localityRules"/>' patient range
    /// and balance rules (other rules are ignored); <see cref="ExactResult.ConsortiumOf"/> holds locality indices in order
    /// of each locality's first practice, and <see cref="ExactResult.StandalonePractices"/> names the practices above the
    /// maximum. Balance is judged against the mean of the practices being split (those within the maximum).
    /// </summary>
    public static ExactResult Split(Problem area, ConsortiumRules localityRules, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(localityRules);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(localityRules.MaxPatients);
        ArgumentOutOfRangeException.ThrowIfNegative(localityRules.MinPatients);
        options ??= ExactOptions.Default;
        var clock = Stopwatch.StartNew();
        using var budget = new TimeBudget(options.TimeLimit, options.Clock);
        // Fewest localities first: with compactness alone every practice would be its own locality.
        var rules = new ConsortiumRules
        {
            MinPatients = localityRules.MinPatients, MaxPatients = localityRules.MaxPatients, CountPreference = CountPreference.Fewest,
            Deprivation = localityRules.Deprivation, Spend = localityRules.Spend,
        };
        int n = area.PracticeCount;
        var standalone = new List<int>();
        var rest = new List<int>(n);
        for (int i = 0; i < n; i++) (area.Patients[i] > rules.MaxPatients ? standalone : rest).Add(i);
        var codes = standalone.Select(i => area.PracticeCodes[i]).ToArray();
        string standaloneNote = codes.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $" {codes.Length} practice(s) above the maximum of {rules.MaxPatients:N0} patients are each a locality on their own: {string.Join(", ", codes)}.");

        ExactResult result;
        Subproblem? sub = null;
        if (rest.Count == 0)
            result = new ExactResult([], ExactStatus.Optimal, 0, 0, 0, clock.Elapsed, "Every practice is above the maximum.") { Measure = CompactnessMeasure.AboutCentroid, CountBound = 0 };
        else
        {
            sub = Subproblem.Extract(area, rest, rules);
            result = SplitWithinMaximum(sub.Problem, options, budget, clock);
        }
        int[]? plan = result.ConsortiumOf is null ? null : Merge(n, sub, result.ConsortiumOf, standalone);
        return result with
        {
            ConsortiumOf = plan, StandalonePractices = codes, Message = result.Message + standaloneNote, Elapsed = clock.Elapsed,
            CountBound = result.CountBound + codes.Length,
        };
    }

    /// <summary>Splits consortium <paramref name="consortium"/> of a plan into localities. The result's plan is indexed
    /// like <see cref="Subproblem.OriginalIndex"/> of the returned subproblem.</summary>
    public static (Subproblem Area, ExactResult Result) SplitConsortium(Problem problem, int[] consortiumOf, int consortium,
        double maxPatients = DefaultMaxPatients, double minPatients = 0, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(consortiumOf);
        var members = new List<int>();
        for (int i = 0; i < consortiumOf.Length; i++) if (consortiumOf[i] == consortium) members.Add(i);
        if (members.Count == 0) throw new ArgumentException($"The plan has no consortium {consortium}.", nameof(consortium));
        var sub = Subproblem.Extract(problem, members, problem.Rules);
        return (sub, Split(sub.Problem, maxPatients, minPatients, options));
    }

    /// <summary>
    /// Every practice within the maximum: the heuristic first (its step budget from the time limit), then, with the time
    /// left, the exact model hinted with its plan; the heuristic's plan stands, with the gap to the exact bound, when the
    /// exact model proves nothing better or no time is left for it.
    /// </summary>
    private static ExactResult SplitWithinMaximum(Problem problem, ExactOptions options, TimeBudget budget, Stopwatch clock)
    {
        var heuristic = HeuristicSplit(problem, options.TimeLimit, budget);
        if (heuristic is not null && budget.Below(MinExactTime))
            return HeuristicResult(problem, heuristic, clock, "no time was left for the exact model", double.NaN, null) with { Phases = budget.Phases };
        var exactStart = budget.Elapsed;
        var left = budget.Grant("exact model");
        var exactOptions = options with
        {
            TimeLimit = left,
            WarmStart = heuristic,
            // Listing and loading candidates is not bounded by the solver's clock: a short limit gets fewer of them.
            MaxCandidateConsortia = (int)Math.Min(options.MaxCandidateConsortia, Math.Max(MinCandidates, left.TotalSeconds * CandidatesPerSecond)),
            MaxPractices = int.MaxValue,
            Formulation = options.Formulation == ExactFormulation.Auto ? ExactFormulation.SetPartitioningOnly : options.Formulation,
        };
        var exact = ExactSolver.Solve(problem, exactOptions);
        // The exact solve's phases, on the splitter's clock.
        exact = exact with { Phases = [.. budget.Phases, .. exact.Phases.Select(p => p with { At = p.At + exactStart })] };
        if (exact.Status is ExactStatus.Optimal or ExactStatus.Infeasible || heuristic is null) return exact;

        int hCount = ExactSolver.Count(heuristic);
        double hObjective = Compactness.PlanAboutCentroid(problem, heuristic);
        bool heuristicBetter = !exact.HasPlan || hCount < exact.ConsortiumCount
            || (hCount == exact.ConsortiumCount && exact.Measure == CompactnessMeasure.AboutCentroid && hObjective < exact.Objective - 1e-9);
        if (!heuristicBetter)
            return exact with { Message = exact.Message + string.Create(CultureInfo.InvariantCulture, $" The heuristic found {hCount} localities ({hObjective:N1} patient·km²), no better.") };

        // The exact bound holds for plans with the exact plan's count, and only when that count is proven (a bound is given).
        bool sameCount = exact.HasPlan && exact.ConsortiumCount == hCount && exact.Measure == CompactnessMeasure.AboutCentroid;
        double bound = sameCount && double.IsFinite(exact.Bound) ? Math.Min(exact.Bound, hObjective) : double.NaN;
        return HeuristicResult(problem, heuristic, clock, $"the exact model did not prove a split in time: {exact.Message}", bound, exact.CountBound) with { Phases = exact.Phases };
    }

    /// <summary>
    /// The heuristic's split as the answer, with its count against the fewest possible (the patient range's, or the exact
    /// model's <paramref name="exactCountBound"/> when it proved more) and its gap to <paramref name="bound"/> when there is one.
    /// </summary>
    private static ExactResult HeuristicResult(Problem problem, int[] heuristic, Stopwatch clock, string why, double bound, int? exactCountBound)
    {
        int hCount = ExactSolver.Count(heuristic);
        double hObjective = Compactness.PlanAboutCentroid(problem, heuristic);
        double gap = double.IsFinite(bound) ? Math.Max(0, (hObjective - bound) / Math.Max(hObjective, 1e-9)) : double.NaN;
        int byPatients = FewestByPatients(problem);
        int fewest = Math.Min(hCount, Math.Max(byPatients, exactCountBound ?? 0));
        bool byExact = fewest > byPatients;
        string countText = hCount == fewest
            ? $"{hCount} is the fewest localities {(byExact ? "possible (the exact model's bound)" : "the patient range allows")}"
            : $"at least {fewest} are needed ({(byExact ? "the exact model's bound" : "the patient range")}); {hCount} is not proven the fewest";
        string gapText = double.IsFinite(gap) ? $"within {gap * 100:0.##}% of the exact bound {bound:N1}" : "no exact bound on compactness at this count";
        string message = string.Create(CultureInfo.InvariantCulture,
            $"Split by the heuristic: {hCount} localities, compactness {hObjective:N1} patient·km² about centroids ({countText}; {gapText}); {why}");
        return new ExactResult(heuristic, ExactStatus.Feasible, hObjective, bound, gap, clock.Elapsed, message)
        {
            Measure = CompactnessMeasure.AboutCentroid, ByHeuristic = true, CountBound = fewest,
        };
    }

    /// <summary>
    /// The heuristic solver's fewest-count plan (seed 1), or null when it has no valid plan. Its step budget comes from the
    /// time limit (not from the clock, so the same area and limit give the same split however busy the machine is): the
    /// default budget and restarts when the limit is long, fewer steps and two restarts when it is short; when the short
    /// budget finds no valid plan, the default budget is tried before giving up.
    /// </summary>
    private static int[]? HeuristicSplit(Problem problem, TimeSpan limit, TimeBudget budget)
    {
        var rules = problem.Rules;
        double smallest = double.PositiveInfinity;
        foreach (double p in problem.Patients) smallest = Math.Min(smallest, p);
        // The heuristic needs a positive minimum; the smallest practice is the same rule as 0.
        if (rules.MinPatients <= 0) rules = rules with { MinPatients = Math.Min(smallest, rules.MaxPatients) };
        var seeded = new Problem(problem.Graph, problem.Patients, problem.Deprivation, problem.Spend, problem.X, problem.Y, rules,
            practiceCodes: problem.PracticeCodes);
        long full = SolverOptions.DefaultSteps(problem.PracticeCount);
        long steps = Math.Clamp((long)(limit.TotalSeconds * HeuristicStepsPerSecond), Math.Min(MinHeuristicSteps, full), full);
        // A safety cap only: the step budget is meant to finish well inside it.
        var cap = limit * HeuristicShare < MinHeuristicTime ? MinHeuristicTime : limit * HeuristicShare;
        // The heuristic runs by steps; its time is a safety stop. Under a limit of MinHeuristicTime the stop is that, not the
        // grant, so a short split is the same however busy the machine is: the one step that may pass the limit.
        TimeSpan Stop(TimeSpan granted) => granted < MinHeuristicTime ? MinHeuristicTime : granted;
        var plan = Heuristic(seeded, problem, steps, steps < full ? ShortRestarts : FullRestarts, Stop(budget.Grant("heuristic split", 1, cap)));
        if (plan is null && steps < full && !budget.Below(MinExactTime))
            plan = Heuristic(seeded, problem, full, FullRestarts, Stop(budget.Grant("heuristic split, default budget", 1, cap)));
        return plan;
    }

    private static int[]? Heuristic(Problem seeded, Problem problem, long steps, int restarts, TimeSpan cap)
    {
        try
        {
            var result = Solver.Solve(seeded, new SolverOptions { Seed = 1, MaxSteps = steps, Restarts = restarts, TimeLimit = cap });
            if (result.Status != SolveStatus.Feasible || result.ConsortiumOf.Length != problem.PracticeCount) return null;
            return PlanCheck.PlanViolations(problem, result.ConsortiumOf).Count == 0 ? Relabel(result.ConsortiumOf) : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>⌈patients / max⌉ summed over the connected parts of the area: no plan has fewer localities.</summary>
    private static int FewestByPatients(Problem problem)
    {
        var component = problem.Graph.Components(out int components);
        var pop = new double[components];
        for (int i = 0; i < problem.PracticeCount; i++) pop[component[i]] += problem.Patients[i];
        int fewest = 0;
        foreach (double p in pop) fewest += RuleCheck.FewestParts(p, problem.Rules.MaxPatients);
        return fewest;
    }

    /// <summary>The whole area's plan: the split's localities and one locality per standalone practice, labelled in order of first practice.</summary>
    private static int[] Merge(int n, Subproblem? sub, int[] split, List<int> standalone)
    {
        var plan = new int[n];
        const int Unset = -1;
        Array.Fill(plan, Unset);
        if (sub is not null)
            for (int k = 0; k < split.Length; k++) plan[sub.OriginalIndex[k]] = split[k];
        int next = split.Length == 0 ? 0 : split.Max() + 1;
        foreach (int i in standalone) plan[i] = next++;
        return Relabel(plan);
    }

    private static int[] Relabel(int[] plan)
    {
        var map = new Dictionary<int, int>();
        var relabelled = new int[plan.Length];
        for (int i = 0; i < plan.Length; i++)
        {
            if (!map.TryGetValue(plan[i], out int l)) map[plan[i]] = l = map.Count;
            relabelled[i] = l;
        }
        return relabelled;
    }
}
