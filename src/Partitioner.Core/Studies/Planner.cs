using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Bounds;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The solve use case, the same for the command line, the HTTP service and the benchmarks: the heuristic solver, then
/// (when asked) recombination of the valid consortia it met and a proof by the exact solver, then naming and evaluation
/// of the plan chosen.
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
        if (study.Rules != request.Rules())
            throw new ArgumentException("The study was prepared for other rules than the request states; prepare it from the request (Study.Prepare(practices, request)).", nameof(study));
        if ((request.Exact || request.Recombine) && exact is null)
            throw new InvalidOperationException("The request asks for the exact solver, but none was given to the planner.");
        var problem = study.ToProblem(request.Locks, request.MinimisesDisruption);
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
        var result = Solver.Solve(problem, options, cancellationToken);
        if (bounds is { Proven.Count: > 0 }) result = result with { Issues = [.. bounds.Proven, .. result.Issues] };
        var sections = new Dictionary<string, JsonNode?> { ["solver"] = SolverReport.Section(result, options) };
        Plan? plan = null;
        Evaluation? evaluation = null;
        if (result.ConsortiumOf.Length == study.Practices.Count && result.ConsortiumNames.Count > 0)
        {
            plan = new Plan(result.ConsortiumNames, result.ConsortiumOf);
            evaluation = study.Evaluate(plan);
        }
        if (evaluation is null)
        {
            if (bounds is not null) sections["bounds"] = bounds.Section(null);
            return new PlanOutcome(problem, result, null, null, sections, notes);
        }
        var limit = TimeSpan.FromSeconds(request.TimeLimitSeconds);
        if (request.Recombine && !cancellationToken.IsCancellationRequested)
            (plan, evaluation) = Recombine(study, problem, result, plan!, evaluation, exact!, limit, sections, notes, cancellationToken);
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
        return new PlanOutcome(problem, result, plan, evaluation, sections, notes);
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
