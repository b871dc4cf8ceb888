using System.Diagnostics;
using System.Globalization;
using System.Text;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// How the end of an exact solve is written: the <see cref="ExactResult"/> with its bound and gap, and the sentences a
/// planner reads about the plan, the count and the rules. Stateless.
/// </summary>
internal static class ExactOutcome
{
    /// <summary>
    /// The result of a solve that ended with <paramref name="status"/>: the plan (checked again against every rule, a
    /// warning added if it breaks one), its objective and the bound, the gap, and the sentence a planner reads, ending
    /// with <paramref name="note"/>.
    /// </summary>
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

    /// <summary>What is proven about the count when the plan's is not: the least possible (fewest) or the most possible.</summary>
    internal static string CountLimit(int sense, int countLimit) =>
        sense > 0 ? $"no plan has fewer than {countLimit}" : $"no plan has more than {countLimit}";

    /// <summary>The rules of <paramref name="problem"/> in one phrase, for a proof that no plan meets them.</summary>
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
