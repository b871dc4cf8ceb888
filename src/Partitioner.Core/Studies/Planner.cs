using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Bounds;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The solve use case, the same for the command line, the HTTP service and the benchmarks: the heuristic solver, then
/// (when asked) recombination of the valid consortia it met, exact re-cuts of neighbouring pairs and a proof by the exact
/// solver, then naming and evaluation of the plan chosen.
/// </summary>
public static class Planner
{
    /// <summary>
    /// Solves <paramref name="study"/> as <paramref name="request"/> says. <paramref name="exact"/> is needed when the
    /// request asks for recombination or a proof. Cancellation stops the search and returns the best plan so far.
    /// <paramref name="tuning"/> replaces the solver options the request states (benchmarks tune the search's shares
    /// and schedule; nothing else should).
    /// </summary>
    public static PlanOutcome Solve(Study study, StudyRequest request, IExactEngine? exact = null, IProgress<SolveProgress>? progress = null,
        CancellationToken cancellationToken = default, SolverOptions? tuning = null)
    {
        if (request.Levels.Any)
            throw new ArgumentException("The request asks for levels around the consortia (federations, a risk rule, a mosaic or a moves budget): plan it with LevelsStudy.Solve.", nameof(request));
        if (study.Rules != request.Rules())
            throw new ArgumentException("The study was prepared for other rules than the request states; prepare it from the request (Study.Prepare(practices, request)).", nameof(study));
        if (request.NeedsExactEngine && exact is null)
            throw new InvalidOperationException("The request asks for the exact solver, but none was given to the planner.");
        var problem = request.CoterminosityWeight > 0 ? CouncilGroups(study, request) : study.ToProblem(request.Locks, request.MinimisesDisruption);
        var options = tuning ?? request.SolverOptions(progress);
        var notes = new List<string>();
        // Before the search: what the balance rules can reach at best, and whether they are proven impossible.
        var bounds = BalanceBounds.Before(study, request, problem, cancellationToken);
        if (bounds is { Proven.Count: > 0 } && request.Mode == SolveMode.Strict)
        {
            var none = BoundFindings.NoPlan(bounds.Proven, bounds.Bounds.Elapsed);
            var early = new Dictionary<string, JsonNode?> { ["solver"] = SolverReport.Section(none, options), ["bounds"] = bounds.Section(null) };
            return new PlanOutcome(problem, none, null, null, early, notes);
        }
        var sections = new Dictionary<string, JsonNode?>();
        // With whole councils, a plan is judged contiguous on the practice graph with the council bridges.
        Geography.AdjacencyGraph? contiguity = null;
        var result = request.WholeCouncils
            ? WholeCouncilSolve.Solve(study, problem, options, sections, notes, out contiguity, cancellationToken)
            : Solver.Solve(problem, options, cancellationToken);
        if (bounds is { Proven.Count: > 0 }) result = result with { Issues = [.. bounds.Proven, .. result.Issues] };
        sections["solver"] = SolverReport.Section(result, options);
        // The coterminosity term ran as the disruption measure over councils: report it under its own name.
        if (request.CoterminosityWeight > 0 && sections["solver"]?["objective"] is JsonObject objective)
        {
            objective["coterminosity"] = objective["disruption"]?.DeepClone();
            objective["disruption"] = 0;
        }
        Plan? plan = null;
        Evaluation? evaluation = null;
        if (result.ConsortiumOf.Length == study.Practices.Count && result.ConsortiumNames.Count > 0)
        {
            plan = new Plan(result.ConsortiumNames, result.ConsortiumOf);
            evaluation = study.Evaluate(plan, contiguityGraph: contiguity);
        }
        if (evaluation is null)
        {
            if (bounds is not null) sections["bounds"] = bounds.Section(null);
            return new PlanOutcome(problem, result, null, null, sections, notes);
        }
        var limit = TimeSpan.FromSeconds(request.TimeLimitSeconds);
        if (request.Recombine && !cancellationToken.IsCancellationRequested)
            (plan, evaluation) = Recombine(study, problem, result, plan!, evaluation, exact!, limit, sections, notes, cancellationToken);
        if (request.Recut && !cancellationToken.IsCancellationRequested)
            (plan, evaluation) = Recut(study, plan!, evaluation, exact!.Recut(problem, plan!.ConsortiumOf, limit, request.Threads, cancellationToken), sections, notes);
        if (request.Exact && !cancellationToken.IsCancellationRequested)
        {
            var proof = exact!.Prove(problem, limit, cancellationToken);
            notes.Add(proof.Summary);
            sections["exact"] = proof.Report;
            if (proof.ConsortiumOf is not null)
            {
                plan = new Plan(ConsortiumNaming.Names(problem, proof.ConsortiumOf, proof.ConsortiumCount), proof.ConsortiumOf);
                evaluation = study.Evaluate(plan);
            }
        }
        if (bounds is not null)
        {
            sections["bounds"] = bounds.Section(evaluation!.Summary);
            notes.Add(bounds.Note(evaluation.Summary));
        }
        foreach (var (name, section) in LevelsStudy.PlainSections(study, plan!, request.Levels)) sections[name] = section;
        Evaluation? localities = null;
        if (request.LocalityMax is { } localityMax && !cancellationToken.IsCancellationRequested)
            localities = Localities(study, problem, plan!, localityMax, TimeSpan.FromSeconds(request.TimeLimitSeconds), request.Threads, exact!, sections, notes, cancellationToken);
        return new PlanOutcome(problem, result, plan, evaluation, sections, notes, localities);
    }

    /// <summary>The problem with each practice's council as its group, for the coterminosity term (the disruption measure over councils).</summary>
    private static Problem CouncilGroups(Study study, StudyRequest request)
    {
        if (study.Councils is null)
            throw new Practices.InputException("options", $"{RequestOption.Objective.Name}.coterminosity", request.CoterminosityWeight.ToString(CultureInfo.InvariantCulture),
                "The coterminosity term needs each practice's council: name the practices' field (council_field, e.g. la_code_2014) or give council polygons (councils).");
        return study.ToProblem(request.Locks, groups: study.Councils.CouncilOf);
    }

    /// <summary>Longest time one consortium's split into localities may take.</summary>
    public static readonly TimeSpan LocalityTimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>Shortest time one consortium's split is given, however many consortia share the time limit.</summary>
    public static readonly TimeSpan MinLocalityTime = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Splits every consortium of <paramref name="plan"/> into localities of at most <paramref name="max"/> patients, the
    /// consortia in parallel (each with its share of the time limit over the lanes, from <see cref="MinLocalityTime"/> to
    /// <see cref="LocalityTimeLimit"/>), and
    /// evaluates the localities as a plan of their own.
    /// </summary>
    internal static Evaluation Localities(Study study, Problem problem, Plan plan, double max, TimeSpan timeLimit, int? threads, IExactEngine exact,
        Dictionary<string, JsonNode?> sections, List<string> notes, CancellationToken ct)
    {
        int k = plan.Count;
        var members = new List<int>[k];
        for (int c = 0; c < k; c++) members[c] = new List<int>();
        for (int i = 0; i < plan.ConsortiumOf.Length; i++) members[plan.ConsortiumOf[i]].Add(i);
        int lanes = threads ?? Environment.ProcessorCount;
        // Every consortium gets its share of the request's time limit over the lanes (so many consortia fit the limit
        // together), at most LocalityTimeLimit and at least MinLocalityTime; the exact engine returns its best split when
        // its time is up, with the gap to its bound in the report.
        double share = timeLimit.TotalSeconds * lanes / Math.Max(1, k);
        var limit = TimeSpan.FromSeconds(Math.Clamp(share, MinLocalityTime.TotalSeconds, LocalityTimeLimit.TotalSeconds));
        var answers = new ExactAnswer[k];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = ct };
        var localityRules = new Rules.ConsortiumRules { MinPatients = 1, MaxPatients = max };
        Parallel.For(0, k, parallel, c => answers[c] = exact.SplitLocalities(ProblemArea.Of(problem, members[c], localityRules), max, limit, ct));
        var localityOf = new int[plan.ConsortiumOf.Length];
        var names = new List<string>();
        var report = new JsonArray();
        double largest = max;
        // What the exact engine proved about each consortium's count: no split has fewer.
        int fewestProven = 0, least = 0;
        bool everyBound = true;
        for (int c = 0; c < k; c++)
        {
            var answer = answers[c];
            int first = names.Count;
            for (int l = 0; l < answer.ConsortiumCount; l++) names.Add($"{plan.ConsortiumNames[c]}-L{l + 1:00}");
            for (int i = 0; i < members[c].Count; i++)
            {
                int practice = members[c][i];
                localityOf[practice] = first + (answer.ConsortiumOf?[i] ?? 0);
                largest = Math.Max(largest, problem.Patients[practice]);
            }
            if (answer.ConsortiumOf is null)
            {
                // No split found in time: the consortium stands as one locality, and the report says so.
                if (answer.ConsortiumCount == 0) names.Add($"{plan.ConsortiumNames[c]}-L01");
                notes.Add($"Consortium {plan.ConsortiumNames[c]}: no split into localities ({answer.Summary})");
            }
            var section = answer.Report;
            section["consortium"] = plan.ConsortiumNames[c];
            section["localities"] = Math.Max(1, answer.ConsortiumCount);
            if (answer.ConsortiumOf is not null && answer.CountBound is { } bound)
            {
                least += bound;
                if (bound == answer.ConsortiumCount) fewestProven++;
            }
            else everyBound = false;
            report.Add(section);
        }
        sections["localities"] = new JsonObject
        {
            ["max_patients"] = max, ["count"] = names.Count, ["fewest_proven"] = fewestProven, ["count_bound"] = everyBound ? least : null,
            ["consortia"] = report,
        };
        string leastText = everyBound && least < names.Count ? $"; no split has fewer than {least.ToString("N0", CultureInfo.InvariantCulture)} in all" : "";
        notes.Add($"{names.Count.ToString("N0", CultureInfo.InvariantCulture)} localities of at most {max.ToString("N0", CultureInfo.InvariantCulture)} patients in {k} consortia; the fewest proven for {fewestProven} of them{leastText}.");
        // A practice above the maximum is a locality on its own: the localities' maximum is raised to hold it.
        var rules = new Rules.ConsortiumRules { MinPatients = 1, MaxPatients = largest };
        return PlanEvaluator.Evaluate(study.Geography, new Plan(names, localityOf), rules);
    }

    /// <summary>The re-cut plan when fewer consortia break a rule, or as many and it is more compact.</summary>
    private static (Plan, Evaluation) Recut(Study study, Plan plan, Evaluation before, ExactAnswer answer, Dictionary<string, JsonNode?> sections, List<string> notes)
    {
        notes.Add(answer.Summary);
        var section = answer.Report;
        sections["recut"] = section;
        if (answer.ConsortiumOf is null) { section["used"] = false; return (plan, before); }
        var recut = new Plan(plan.ConsortiumNames, answer.ConsortiumOf);
        var evaluation = study.Evaluate(recut);
        int brokenBefore = before.Consortia.Count(c => c.Violations.Count > 0), brokenAfter = evaluation.Consortia.Count(c => c.Violations.Count > 0);
        bool better = brokenAfter < brokenBefore
            || (brokenAfter == brokenBefore && evaluation.Summary.TotalInertiaKm2 < before.Summary.TotalInertiaKm2);
        section["used"] = better;
        return better ? (recut, evaluation) : (plan, before);
    }

    /// <summary>
    /// Pool recombination: the exact solver chooses the most compact set partition of the practices from the valid
    /// consortia the search met, warm-started from the heuristic's plan; its plan is used when it meets every rule and
    /// is more compact (or the heuristic's breaks a rule).
    /// </summary>
    private static (Plan, Evaluation) Recombine(Study study, Problem problem, SolveResult result, Plan plan, Evaluation before, IExactEngine exact,
        TimeSpan limit, Dictionary<string, JsonNode?> sections, List<string> notes, CancellationToken ct)
    {
        var answer = exact.Recombine(problem, result.Pool, plan.ConsortiumOf, limit, ct);
        notes.Add(answer.Summary);
        var section = answer.Report;
        sections["recombination"] = section;
        if (answer.ConsortiumOf is null) { section["used"] = false; return (plan, before); }
        var recombined = new Plan(ConsortiumNaming.Names(problem, answer.ConsortiumOf, answer.ConsortiumCount), answer.ConsortiumOf);
        var evaluation = study.Evaluate(recombined);
        bool better = evaluation.Summary.MeetsAllRules
            && (!before.Summary.MeetsAllRules || evaluation.Summary.TotalInertiaKm2 < before.Summary.TotalInertiaKm2);
        section["improvement_pct"] = Math.Round(100 * (before.Summary.TotalInertiaKm2 - evaluation.Summary.TotalInertiaKm2) / before.Summary.TotalInertiaKm2, 3);
        section["used"] = better;
        return better ? (recombined, evaluation) : (plan, before);
    }
}
