using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Studies;

/// <summary>The balance bounds in the solve use case: strict mode names a proven-impossible band, best effort measures the plan against the bound.</summary>
public sealed class PlannerBoundTests
{
    // Four practices of 50,000 in a row, deprivation 60, 20, 20, 20: consortia of exactly 100,000 are the pairs
    // {P000,P001} and {P002,P003}, so no plan does better than ±33.3% on deprivation.
    private static readonly PracticeSet Row = TestPractices.Grid(1, 4, _ => 50_000, i => new[] { 60.0, 20, 20, 20 }[i]);

    private static StudyRequest Request(SolveMode mode) => new()
    {
        MinPatients = 100_000, MaxPatients = 100_000, Deprivation = new BalanceTolerance(0.2, ToleranceKind.Relative),
        Mode = mode, MaxSteps = 2_000, Restarts = 1, Threads = 1,
    };

    [Fact]
    public void Strict_mode_names_the_practice_that_makes_the_band_impossible_without_searching()
    {
        var request = Request(SolveMode.Strict);
        var outcome = Planner.Solve(Study.Prepare(Row, request), request);
        Assert.False(outcome.HasPlan);
        Assert.Equal(TerminationReason.PresolveInfeasible, outcome.Result.Termination);
        Assert.Equal(0, outcome.Result.Statistics.Steps);
        var issue = Assert.Single(outcome.Result.Issues);
        Assert.Equal(InfeasibilityKind.BalanceBound, issue.Kind);
        Assert.True(issue.Proven);
        Assert.Equal("P000", issue.SamplePracticeCode);
        Assert.Equal(1.0 / 3, issue.Value, 9);
        Assert.Equal(0.2, issue.Limit, 9);
        Assert.Contains("practice P000 (Practice 0)", issue.Message);
        Assert.Contains("allow at least ±33.33%", issue.Message);
        var bounds = outcome.Sections["bounds"]!;
        Assert.Equal(33.33, (double)bounds["deprivation"]!["bound_pct"]!);
        Assert.True((bool)bounds["deprivation"]!["proves_requested_impossible"]!);
        Assert.Equal("practice", (string)bounds["deprivation"]!["forced_by"]!);
    }

    [Fact]
    public void Best_effort_solves_and_says_how_far_the_plan_is_from_the_bound()
    {
        var request = Request(SolveMode.BestEffort);
        var outcome = Planner.Solve(Study.Prepare(Row, request), request);
        Assert.True(outcome.HasPlan);
        Assert.Contains(outcome.Result.Issues, i => i.Kind == InfeasibilityKind.BalanceBound && i.Proven);
        var deprivation = outcome.Sections["bounds"]!["deprivation"]!;
        // The only plan meets the bound exactly: worst ±33.33%, 0 points from it.
        Assert.Equal(33.33, (double)deprivation["plan_worst_pct"]!);
        Assert.Equal(0, (double)deprivation["plan_gap_pp"]!, 6);
        Assert.Contains(outcome.Notes, n => n.Contains("no plan can do better than ±33.33%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_band_the_bound_allows_is_solved_as_before_and_the_bound_is_reported()
    {
        var request = Request(SolveMode.Strict) with { Deprivation = new BalanceTolerance(0.34, ToleranceKind.Relative) };
        var outcome = Planner.Solve(Study.Prepare(Row, request), request);
        Assert.True(outcome.HasPlan);
        Assert.DoesNotContain(outcome.Result.Issues, i => i.Kind == InfeasibilityKind.BalanceBound);
        Assert.False((bool)outcome.Sections["bounds"]!["deprivation"]!["proves_requested_impossible"]!);
    }

    [Fact]
    public void Without_a_balance_rule_no_bound_is_computed()
    {
        var request = Request(SolveMode.Strict) with { Deprivation = null };
        var outcome = Planner.Solve(Study.Prepare(Row, request), request);
        Assert.False(outcome.Sections.ContainsKey("bounds"));
    }
}
