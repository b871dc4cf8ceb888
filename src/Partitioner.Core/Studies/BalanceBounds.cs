using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Bounds;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The balance bounds of one solve (<see cref="BandBoundCalculator"/>), computed before the search when the request
/// has a balance rule: the rules they prove impossible, the report's "bounds" section and a one-line note on how far
/// the plan is from them.
/// </summary>
internal sealed class BalanceBounds
{
    private readonly Study _study;
    private readonly StudyRequest _request;

    private BalanceBounds(Study study, StudyRequest request, BandBounds bounds, IReadOnlyList<Infeasibility> proven)
    {
        _study = study;
        _request = request;
        Bounds = bounds;
        Proven = proven;
    }

    public BandBounds Bounds { get; }

    /// <summary>The balance rules the bounds prove impossible.</summary>
    public IReadOnlyList<Infeasibility> Proven { get; }

    /// <summary>The bounds of a request with a deprivation or spend rule (null without one, or when cancelled first).</summary>
    public static BalanceBounds? Before(Study study, StudyRequest request, Problem problem, CancellationToken ct)
    {
        if (request.Deprivation is null && request.Spend is null) return null;
        BandBounds bounds;
        try { bounds = BandBoundCalculator.Compute(problem, request.Threads, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { return null; }
        var proven = BoundFindings.Impossible(bounds, study.Rules, problem.PracticeCodes, i => Describe(study, i));
        return new BalanceBounds(study, request, bounds, proven);
    }

    /// <summary>The report's "bounds" section, with the plan's distance from the bounds when there is a plan.</summary>
    public JsonObject Section(PlanSummary? plan)
    {
        var practices = _study.Practices;
        return BoundReport.Section(Bounds, _request.Rules(), practices.Practices.Select(p => p.Code).ToArray(), i => practices[i].Name, plan);
    }

    /// <summary>One line for a planner: the bounds and the plan's worst deviations next to them.</summary>
    public string Note(PlanSummary plan)
    {
        var c = CultureInfo.InvariantCulture;
        string Part(string what, BandBound? b, double worst) => b is null ? "" : string.Create(c,
            $"{what}: no plan can do better than ±{b.Band * 100:0.##}%, this plan's worst is ±{worst * 100:0.##}% ({(worst - b.Band) * 100:0.##} points above the bound)");
        var parts = new[] { Part("deprivation", Bounds.Deprivation, plan.WorstDeprivationDeviationRelative), Part("spend", Bounds.Spend, plan.WorstSpendDeviationRelative) }
            .Where(s => s.Length > 0);
        return $"Balance bounds ({Bounds.Elapsed.TotalSeconds.ToString("0.00", c)} s before the search): {string.Join("; ", parts)}.";
    }

    /// <summary>A practice as a planner knows it: code, name and council.</summary>
    private static string Describe(Study study, int i)
    {
        var p = study.Practices[i];
        string council = study.Councils is { } c && c.CouncilOf[i] >= 0 ? $", {c.Names[c.CouncilOf[i]]}" : "";
        return p.Name.Length > 0 || council.Length > 0 ? $"{p.Code} ({p.Name}{council})".Replace("(, ", "(", StringComparison.Ordinal) : p.Code;
    }
}
