using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Exact.Tests;

/// <summary>Re-cuts of a real area's plan: London (NHS area team Q71, 1,435 practices, 2014/15), deprivation and spend ±15%.</summary>
[Trait("Category", "RealData")]
public sealed class RealRecutTests
{
    [RealDataFact]
    public void A_real_areas_plan_keeps_every_rule_gains_compactness_and_is_the_same_on_one_lane_or_two()
    {
        var area = RealData.Practices2014Where("nhse_area_team_code", "Q71");
        Assert.Equal(1_435, area.Count);
        var request = new StudyRequest
        {
            Deprivation = new BalanceTolerance(0.15, ToleranceKind.Relative),
            Spend = new BalanceTolerance(0.15, ToleranceKind.Relative),
            Missing = MissingValuePolicy.FillMean,
        };
        var problem = Study.Prepare(area, request).ToProblem();
        // A short search: a plan meeting every rule, with room left for the re-cuts.
        var start = Solver.Solve(problem, new SolverOptions { Seed = 1, MaxSteps = 200_000, Restarts = 1, TimeLimit = TimeSpan.FromMinutes(5) });
        Assert.Empty(PlanCheck.PlanViolations(problem, start.ConsortiumOf));

        var budget = TimeSpan.FromSeconds(4);
        var one = NeighbourhoodRecut.Improve(problem, start.ConsortiumOf, budget, TimeSpan.FromMinutes(5), lanes: 1);
        var two = NeighbourhoodRecut.Improve(problem, start.ConsortiumOf, budget, TimeSpan.FromMinutes(5), lanes: 2);
        Assert.Empty(PlanCheck.PlanViolations(problem, one.ConsortiumOf));
        Assert.True(one.Groups > 0);
        Assert.True(one.InertiaAfter < one.InertiaBefore, one.Message);
        Assert.False(one.StoppedByClock);
        Assert.Equal(Compactness.PlanAboutCentroid(problem, start.ConsortiumOf), one.InertiaBefore, 1e-6 * one.InertiaBefore);
        Assert.Equal(start.ConsortiumOf.Distinct().Count(), one.ConsortiumOf.Distinct().Count());
        Assert.Equal(one.ConsortiumOf, two.ConsortiumOf);
    }
}
