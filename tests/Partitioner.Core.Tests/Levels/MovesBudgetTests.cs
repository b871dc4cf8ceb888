using Partitioner.Core.Geography;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class MovesBudgetTests
{
    // A 6×6 grid of 1,000-patient practices whose current map is three column pairs (12,000 each) and whose
    // deprivation rises from west to east: the west and east groups are far off the mean.
    private static (PracticeGeography Geography, Plan Current) Grid()
    {
        var practices = TestPractices.Grid(6, 6, _ => 1000, i => 10 + 4 * (i % 6), group: "ccg_code", groupOf: i => $"G{i % 6 / 2}");
        var geography = PracticeGeography.Build(practices);
        return (geography, Plan.FromGroups(practices, "ccg_code"));
    }

    private static readonly ConsortiumRules Rules = new() { MinPatients = 8_000, MaxPatients = 16_000, Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative) };

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void No_more_practices_move_than_the_budget_and_the_violation_never_rises(int budget)
    {
        var (geography, current) = Grid();
        var result = MovesBudgetSearch.Run(geography, current, Rules, new MovesBudget(budget, null));
        int moved = 0;
        for (int i = 0; i < current.ConsortiumOf.Length; i++) if (result.Plan.ConsortiumOf[i] != current.ConsortiumOf[i]) moved++;
        Assert.Equal(moved, result.PracticesMoved);
        Assert.True(moved <= budget);
        Assert.True(result.ViolationAfter <= result.ViolationBefore);
        if (budget > 0) Assert.True(result.ViolationAfter < result.ViolationBefore);
        // Every consortium stays in one piece, and the transition counts the same moves.
        var e = PlanEvaluator.Evaluate(geography, result.Plan, Rules, withPolygons: false);
        Assert.All(e.Consortia, c => Assert.Equal(1, c.Pieces));
        var t = TransitionReport.Of(geography.Practices, result.Plan, "ccg_code");
        Assert.Equal(result.PracticesMoved, t.PracticesMoved);
    }

    [Fact]
    public void A_larger_budget_gets_at_least_as_close_to_the_rules()
    {
        var (geography, current) = Grid();
        double last = double.PositiveInfinity;
        foreach (int budget in new[] { 0, 1, 3, 6, 12 })
        {
            var result = MovesBudgetSearch.Run(geography, current, Rules, new MovesBudget(budget, null));
            Assert.True(result.ViolationAfter <= last + 1e-12, $"budget {budget}: {result.ViolationAfter} after {last}");
            last = result.ViolationAfter;
        }
    }

    [Fact]
    public void A_patient_budget_counts_patients()
    {
        var (geography, current) = Grid();
        var result = MovesBudgetSearch.Run(geography, current, Rules, new MovesBudget(null, 2_500));
        Assert.True(result.PatientsMoved <= 2_500);
        Assert.Equal(2, result.PracticesMoved);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    [InlineData(-5.0)]
    public void A_patients_budget_that_is_not_a_finite_figure_of_0_or_more_is_a_problem_of_the_request(double patients)
    {
        var request = new LevelsRequest { MovesBudget = new MovesBudget(null, patients), CurrentMap = "ccg_code" };
        var problem = Assert.Single(request.Problems());
        Assert.Equal("max moves", problem.Where);
        Assert.Empty(new LevelsRequest { MovesBudget = new MovesBudget(null, 50_000), CurrentMap = "ccg_code" }.Problems());
    }
}
