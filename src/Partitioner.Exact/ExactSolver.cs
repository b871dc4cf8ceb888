using System.Diagnostics;
using System.Globalization;
using System.Text;
using Partitioner.Core.Solving;
using Partitioner.Exact.Cbc;

namespace Partitioner.Exact;

/// <summary>
/// Exact mode for small instances (up to a few dozen practices per area): a mixed-integer program solved by CBC
/// that either returns a plan proven optimal, a plan with a known gap, or a proof that no plan meets the rules.
/// The objective is compactness as the patient-weighted moment of inertia about each consortium's
/// centre practice (its lowest-index member), in patient·km² — see <see cref="Compactness.AboutCentre"/>;
/// the heuristic's centroid-based measure is nonlinear in the assignment. Count preference, spread and
/// disruption weights are not part of this objective; <see cref="CountPreference.Fewest"/> and
/// <see cref="CountPreference.Most"/> are honoured lexicographically (best count first, then compactness, two solves).
/// Thread-safe (CBC calls are serialised).
/// </summary>
public static class ExactSolver
{
    /// <summary>Solves <paramref name="problem"/> exactly within the options' time limit.</summary>
    /// <exception cref="CbcNotInstalledException">CBC is not installed.</exception>
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

        string countNote = "";
        var preference = rules.CountPreference;
        if ((preference is CountPreference.Fewest or CountPreference.Most) && minCount < maxCount)
        {
            // Lexicographic: first the best count, then the most compact plan with that count (two exact solves).
            int sense = preference == CountPreference.Fewest ? 1 : -1;
            var (countStatus, countPlan, _) = SolveModel(CentreModel.Build(problem, minCount, maxCount, sense), options, options.TimeLimit);
            if (countPlan is null)
                return Finish(problem, countStatus, null, double.NaN, double.NaN, clock, "", "about centre practices");
            int k = 0;
            foreach (int c in countPlan) k = Math.Max(k, c + 1);
            minCount = maxCount = k;
            countNote = countStatus == CbcStatus.Optimal
                ? $" {k} is the {(sense > 0 ? "fewest" : "most")} consortia possible."
                : $" {k} consortia is the {(sense > 0 ? "fewest" : "most")} found in time, not proven.";
        }
        var remaining = options.TimeLimit - clock.Elapsed;
        if (remaining < TimeSpan.FromSeconds(1)) remaining = TimeSpan.FromSeconds(1);
        var (status, plan, bound) = SolveModel(CentreModel.Build(problem, minCount, maxCount), options, remaining, warmNote: true);
        return Finish(problem, status.Status, plan, plan is null ? double.NaN : Compactness.PlanAboutCentre(problem, plan), bound, clock, status.Note + countNote, "about centre practices");
    }

    private static ((CbcStatus Status, string Note), int[]? Plan, double Bound) SolveModel(CentreModel model, ExactOptions options, TimeSpan limit, bool warmNote)
    {
        using var cbc = new CbcModel();
        cbc.Load(model.Lp);
        Configure(cbc, options with { TimeLimit = limit });
        string note = options.WarmStart is { } warm ? SetWarmStart(cbc, model, warm) : "";
        var status = cbc.Solve();
        var solution = cbc.BestSolution();
        return ((status, warmNote ? note : ""), solution is null ? null : Decode(model, solution), cbc.BestPossibleObjectiveValue);
    }

    private static (CbcStatus Status, int[]? Plan, double Bound) SolveModel(CentreModel model, ExactOptions options, TimeSpan limit)
    {
        var ((status, _), plan, bound) = SolveModel(model, options, limit, warmNote: false);
        return (status, plan, bound);
    }

    /// <summary>
    /// Splits an area (one consortium or one CCG) into contiguous localities of at most
    /// <paramref name="maxPatients"/> patients (the BMA's "no more than 30,000") and at least
    /// <paramref name="minPatients"/>, as compact as possible. Balance rules, count rules and locks are dropped.
    /// </summary>
    public static ExactResult SplitIntoLocalities(Problem area, double maxPatients = 30_000, double minPatients = 0, ExactOptions? options = null) =>
        LocalitySplitter.Split(area, maxPatients, minPatients, options);

    internal static void Configure(CbcModel cbc, ExactOptions options)
    {
        cbc.SetLogLevel(options.LogLevel);
        cbc.SetMaximumSeconds(Math.Max(0.01, options.TimeLimit.TotalSeconds));
        if (options.RelativeGap > 0) cbc.SetParameter("ratioGap", options.RelativeGap.ToString("R", CultureInfo.InvariantCulture));
        if (options.Threads > 1) cbc.SetParameter("threads", options.Threads.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in options.CbcParameters) cbc.SetParameter(name, value);
    }

    internal static ExactResult Finish(Problem problem, CbcStatus status, int[]? plan, double objective, double bound,
        Stopwatch clock, string note, string measure)
    {
        var elapsed = clock.Elapsed;
        string seconds = elapsed.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        if (plan is null)
        {
            if (status == CbcStatus.Infeasible)
                return new ExactResult(null, ExactStatus.Infeasible, double.NaN, double.NaN, double.NaN, elapsed,
                    $"CBC proved that no plan meets these rules: {DescribeRules(problem)}. Relax one of them (widen the patient range or a tolerance, or allow more or fewer consortia) and try again.{note}");
            return new ExactResult(null, ExactStatus.TimedOut, double.NaN, double.IsFinite(bound) ? bound : double.NaN, double.NaN, elapsed,
                $"No plan was found within {seconds} s and nothing was proven; allow more time or use the heuristic solver.{note}");
        }
        var violations = PlanCheck.PlanViolations(problem, plan);
        if (violations.Count > 0) note += " Warning: the plan CBC returned breaks a rule (" + string.Join("; ", violations) + ").";
        bool optimal = status == CbcStatus.Optimal;
        if (optimal || !double.IsFinite(bound) || bound > objective) bound = optimal ? Math.Min(objective, double.IsFinite(bound) ? Math.Max(bound, 0) : objective) : bound;
        double gap = optimal ? 0 : Gap(objective, bound);
        int count = 0;
        foreach (int c in plan) count = Math.Max(count, c + 1);
        string obj = objective.ToString("N1", CultureInfo.InvariantCulture);
        string message = optimal
            ? $"Proven optimal plan: {count} consortia, compactness {obj} patient·km² {measure} ({problem.PracticeCount} practices, {seconds} s).{note}"
            : $"Plan with {count} consortia, compactness {obj} patient·km² {measure}; stopped after {seconds} s within {FormatGap(gap)} of optimal.{note}";
        return new ExactResult(plan, optimal ? ExactStatus.Optimal : ExactStatus.Feasible, objective, bound, gap, elapsed, message);
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

    private static string SetWarmStart(CbcModel cbc, CentreModel model, int[] warm)
    {
        var problem = model.Problem;
        if (warm.Length != problem.PracticeCount) return $" The warm-start plan was ignored: it has {warm.Length} entries for {problem.PracticeCount} practices.";
        var names = new List<string>(warm.Length);
        foreach (var members in Compactness.Groups(warm))
        {
            int centre = members[0];
            foreach (int i in members)
            {
                if (!model.XColumn.ContainsKey(CentreModel.Key(i, centre)))
                    return " The warm-start plan was ignored: it breaks the patient range or contiguity.";
                names.Add(CentreModel.XName(i, centre));
            }
        }
        var ones = new double[names.Count];
        Array.Fill(ones, 1.0);
        cbc.SetMipStart(names, ones);
        return "";
    }

    private static int[] Decode(CentreModel model, double[] solution)
    {
        int n = model.Problem.PracticeCount;
        var centreOf = new int[n];
        Array.Fill(centreOf, -1);
        for (int j = 0; j < n; j++)
        {
            foreach (int i in model.Candidates[j])
            {
                if (solution[model.XColumn[CentreModel.Key(i, j)]] > 0.5) centreOf[i] = j;
            }
        }
        // Number consortia in order of their centre.
        var label = new int[n];
        Array.Fill(label, -1);
        int next = 0;
        var plan = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = centreOf[i];
            if (c < 0) throw new InvalidOperationException($"CBC's solution leaves practice {i} unassigned.");
            if (label[c] < 0) label[c] = next++;
            plan[i] = label[c];
        }
        return plan;
    }
}
