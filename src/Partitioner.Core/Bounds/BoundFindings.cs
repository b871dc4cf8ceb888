using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Bounds;

/// <summary>
/// What the bounds mean for a request: the balance rules they prove impossible, as <see cref="Infeasibility"/> findings
/// naming the practice (or cluster) and its area, and the no-plan result strict mode returns for them.
/// </summary>
public static class BoundFindings
{
    /// <summary>How far past a rule's allowed deviation a bound must lie to count as a proof, relative to the area's scale
    /// (above the rule check's own tolerance and the rounding of the bound's sums).</summary>
    public const double Margin = 1e-7;

    /// <summary>
    /// The balance rules of <paramref name="rules"/> that <paramref name="bounds"/> prove impossible (empty when none).
    /// <paramref name="codes"/> are the practice codes; <paramref name="describe"/> names a practice for a planner (code,
    /// name, council).
    /// </summary>
    public static IReadOnlyList<Infeasibility> Impossible(BandBounds bounds, ConsortiumRules rules, IReadOnlyList<string> codes, Func<int, string> describe)
    {
        var found = new List<Infeasibility>();
        foreach (var (bound, tolerance) in new[] { (bounds.Deprivation, rules.Deprivation), (bounds.Spend, rules.Spend) })
        {
            if (bound is null || tolerance is null) continue;
            double allowed = tolerance.AllowedDeviation(bound.AreaMean);
            if (bound.Deviation <= allowed + (Margin * bound.Scale)) continue;
            found.Add(Finding(bounds, bound, tolerance, allowed, codes, describe));
        }
        return found;
    }

    /// <summary>The result of a solve that was not run because the bounds prove a rule impossible.</summary>
    public static SolveResult NoPlan(IReadOnlyList<Infeasibility> findings, TimeSpan elapsed) => new()
    {
        Status = SolveStatus.Infeasible,
        ConsortiumOf = [],
        ConsortiumNames = [],
        Issues = findings,
        Objective = new ObjectiveBreakdown(double.NaN, double.NaN, double.NaN, double.NaN),
        Violation = double.NaN,
        Termination = TerminationReason.PresolveInfeasible,
        Statistics = new SolveStatistics { Elapsed = elapsed },
    };

    private static Infeasibility Finding(BandBounds bounds, BandBound bound, BalanceTolerance tolerance, double allowed, IReadOnlyList<string> codes, Func<int, string> describe)
    {
        var c = CultureInfo.InvariantCulture;
        bool deprivation = bound.Attribute == BalancedAttribute.Deprivation;
        string what = deprivation ? "mean deprivation" : "spend per patient";
        string Units(double v) => deprivation ? v.ToString("0.00", c) : "£" + v.ToString("0.00", c);
        string band = Pct(bound.Band);
        string sizes = string.Create(c, $"{bounds.MinPatients:N0}–{bounds.MaxPatients:N0} patients");
        string limit = string.Create(c, $"{bounds.MaxPatients:N0} patients");
        string message;
        int sample;
        if (bound.ForcedByRegion)
        {
            var r = bound.Region!;
            sample = r.Practices[0];
            message = string.Create(c, $"No plan can keep every consortium's {what} within {tolerance} ({Units(bound.AreaMean)} ± {Units(allowed)}): the {r.Practices.Count:N0} practices around {describe(sample)} ({r.Patients:N0} patients, {what} {Units(r.Mean)}) can only share consortia with the {r.ReachablePractices:N0} practices ({r.ReachablePatients:N0} patients) within {limit} of them, and all of those together cannot bring every one of their consortia within ±{band} of the area mean. Fix: allow at least ±{band}, or widen the population bounds.");
        }
        else
        {
            var w = bound.Worst[0];
            sample = w.Practice;
            string direction = w.ClosestMean > bound.AreaMean ? "below" : "above";
            message = string.Create(c, $"No plan can keep every consortium's {what} within {tolerance} ({Units(bound.AreaMean)} ± {Units(allowed)}): practice {describe(sample)} can only share a consortium with the {w.ReachablePractices:N0} practices ({w.ReachablePatients:N0} patients) within {limit} of it, and no consortium of {sizes} holding it can bring its {what} {direction} {Units(w.ClosestMean)} (±{band} from the area mean). Fix: allow at least ±{band}, or widen the population bounds.");
        }
        return new Infeasibility(InfeasibilityKind.BalanceBound, message, Proven: true, SamplePracticeCode: codes[sample], Value: bound.Band, Limit: allowed / bound.Scale);
    }

    /// <summary>A fraction as a percentage with two decimals ("18.25%").</summary>
    public static string Pct(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
