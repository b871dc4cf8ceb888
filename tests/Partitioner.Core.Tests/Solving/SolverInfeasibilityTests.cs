using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class SolverInfeasibilityTests
{
    private static readonly SolverOptions Quick = new() { Seed = 1, Restarts = 1, MaxSteps = 5_000 };

    [Fact]
    public void An_island_below_the_minimum_is_named_with_its_size_and_a_fix()
    {
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 750_000 };
        var problem = TestInstances.Islands(new[] { 6, 2 }, rules, 1); // the 2×2 island has about 40,000 patients
        var result = Solver.Solve(problem, Quick);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal(TerminationReason.PresolveInfeasible, result.Termination);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(InfeasibilityKind.ComponentBelowMinimum, issue.Kind);
        Assert.True(issue.Proven);
        Assert.Equal(1, issue.Component);
        Assert.Equal("P0036", issue.SamplePracticeCode);
        Assert.Contains("4 practices", issue.Message);
        Assert.Contains("bridge", issue.Message);
        Assert.Contains("100,000", issue.Message);
    }

    [Fact]
    public void Best_effort_still_plans_around_an_island_below_the_minimum_and_measures_the_shortfall()
    {
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 750_000 };
        var problem = TestInstances.Islands(new[] { 6, 2 }, rules, 1);
        var result = Solver.Solve(problem, Quick with { Mode = SolveMode.BestEffort });

        Assert.Equal(SolveStatus.BestEffort, result.Status);
        var shortfall = Assert.Single(result.Issues, i => i.Kind == InfeasibilityKind.PopulationBelowMinimum);
        Assert.Equal(result.ConsortiumOf[36], shortfall.Consortium);
        Assert.Equal(problem.Patients.Skip(36).Sum(), shortfall.Value, 6);
        Assert.Contains(result.Issues, i => i.Kind == InfeasibilityKind.ComponentBelowMinimum && i.Proven);
        Assert.DoesNotContain(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount), b => b.Kind == InfeasibilityKind.NotContiguous);
    }

    [Fact]
    public void An_area_whose_population_fits_no_whole_count_of_consortia_is_reported()
    {
        // 3 practices of 80,000 = 240,000: one consortium is over 200,000 and two are each under 150,000.
        var rules = new ConsortiumRules { MinPatients = 150_000, MaxPatients = 200_000 };
        var problem = TestInstances.FromEdges(3, new[] { (0, 1), (1, 2) }, new[] { 80_000.0, 80_000, 80_000 }, rules);
        var result = Solver.Solve(problem, Quick);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(InfeasibilityKind.ComponentNoValidCount, issue.Kind);
        Assert.Contains("raise the maximum to at least 240,000", issue.Message);
    }

    [Fact]
    public void A_balance_tolerance_no_contiguous_plan_can_meet_is_reported_with_the_tolerance_needed()
    {
        // Two separate areas, the western one much less deprived: each area's consortia average to the area's mean.
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 400_000, Deprivation = new BalanceTolerance(0.05, ToleranceKind.Relative) };
        var problem = TestInstances.Islands(new[] { 5, 5 }, rules, 2);
        var result = Solver.Solve(problem, Quick);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal(2, result.Issues.Count(i => i.Kind == InfeasibilityKind.DeprivationBalance && i.Proven));
        var issue = result.Issues.First(i => i.Kind == InfeasibilityKind.DeprivationBalance);
        Assert.Contains("widen the deprivation tolerance to at least", issue.Message);
        Assert.Contains("±5% of the area mean", issue.Message);
    }

    [Fact]
    public void A_locked_group_over_the_maximum_is_named_with_its_patients()
    {
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 150_000 };
        var locked = Enumerable.Repeat(-1, 64).ToArray();
        for (int i = 0; i < 24; i++) locked[i] = 0;
        var problem = TestInstances.Grid(8, 8, rules, 3, locked: locked, lockNames: new[] { "Northshire" });
        var result = Solver.Solve(problem, Quick);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(InfeasibilityKind.LockAboveMaximum, issue.Kind);
        Assert.Contains("\"Northshire\"", issue.Message);
        Assert.Equal(problem.Patients.Take(24).Sum(), issue.Value, 6);
    }

    [Fact]
    public void A_locked_group_split_across_islands_is_reported()
    {
        var rules = new ConsortiumRules { MinPatients = 30_000, MaxPatients = 400_000 };
        var problem0 = TestInstances.Islands(new[] { 4, 4 }, rules, 5);
        var locked = Enumerable.Repeat(-1, 32).ToArray();
        locked[0] = 0; locked[20] = 0;
        var problem = new Problem(problem0.Graph, problem0.Patients, problem0.Deprivation, problem0.Spend, problem0.X, problem0.Y, rules, null, locked, new[] { "Split" }, problem0.PracticeCodes);
        var result = Solver.Solve(problem, Quick);

        Assert.Contains(result.Issues, i => i.Kind == InfeasibilityKind.LockNotContiguous && i.Message.Contains("\"Split\""));
    }

    [Fact]
    public void Count_bounds_the_population_cannot_meet_are_reported_with_the_possible_range()
    {
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 300_000, MinCount = 40 };
        var problem = TestInstances.Grid(6, 6, rules, 1);
        var result = Solver.Solve(problem, Quick);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(InfeasibilityKind.CountOutOfRange, issue.Kind);
        Assert.Contains("at least 40", issue.Message);
    }

    [Fact]
    public void A_practice_larger_than_the_maximum_is_named()
    {
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 100_000 };
        var problem = TestInstances.FromEdges(3, new[] { (0, 1), (1, 2) }, new[] { 60_000.0, 120_000, 60_000 }, rules);
        var result = Solver.Solve(problem, Quick);

        Assert.Contains(result.Issues, i => i.Kind == InfeasibilityKind.PracticeAboveMaximum && i.SamplePracticeCode == "1");
    }

    [Fact]
    public void More_locked_groups_than_an_area_can_have_consortia_are_reported()
    {
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 750_000 };
        var locked = Enumerable.Repeat(-1, 36).ToArray();
        locked[0] = 0; locked[5] = 1; locked[30] = 2; locked[35] = 3; // about 360,000 patients: at most 3 consortia
        var problem = TestInstances.Grid(6, 6, rules, 1, locked: locked, lockNames: new[] { "A", "B", "C", "D" });
        var result = Solver.Solve(problem, Quick);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(InfeasibilityKind.TooManyLocks, issue.Kind);
        Assert.Equal(4, issue.Value);
        Assert.Contains("merge some lock names", issue.Message);
    }
}
