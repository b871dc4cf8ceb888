using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Exact.Tests;

/// <summary>
/// Capacity cuts on the area where the subset-row cuts alone left the widest gap: CCG 07W (Ealing, 79 practices, 412,825
/// patients in 2014/15), localities of at most 30,000, so its 14 localities are 98% full on average.
/// </summary>
[Trait("Category", "RealData")]
public sealed class RealCapacityCutsTests
{
    [RealDataFact]
    public void Capacity_cuts_lift_the_root_bound_of_a_nearly_full_area_and_keep_it_below_a_plan()
    {
        var area = RealData.Practices2014Where("ccg_code", "07W");
        Assert.Equal(79, area.Count);
        var rules = new ConsortiumRules { MinPatients = 1, MaxPatients = 30_000, CountPreference = CountPreference.Fewest };
        var problem = Study.Prepare(area, rules, MissingValuePolicy.Exclude).ToProblem();
        var model = SetPartitionModel.TryBuild(problem, 1_000_000)!;
        var plan = Solver.Solve(problem, new SolverOptions { Seed = 1, MaxSteps = 200_000, Restarts = 2, TimeLimit = TimeSpan.FromMinutes(5) });
        int count = plan.ConsortiumOf.Distinct().Count();
        Assert.Equal(14, count);
        double planCost = model.StartColumns(plan.ConsortiumOf)!.Sum(c => model.Cost[c]);
        var columns = model.ColumnsForCount(count, count);

        var triples = SubsetRowCuts.Solve(79, model.Candidates, model.Cost, columns, [], count, count, double.PositiveInfinity, TimeSpan.FromMinutes(5));
        using var lifted = new MasterLp(79, model.Candidates, model.Cost, columns, [], count, count, capacity: CapacityCuts.For(problem));
        var capacity = lifted.Solve(double.PositiveInfinity, TimeSpan.FromMinutes(5));
        Assert.True(triples.Converged && capacity.Converged);
        Assert.True(capacity.Bound <= planCost, $"bound {capacity.Bound:F0} above a plan of {planCost:F0}");
        // Measured: 235,926 with triples alone, 253,064 with capacity cuts too (the best plan known: 264,176).
        Assert.True(capacity.Bound >= 1.05 * triples.Bound, $"capacity cuts lifted the bound from {triples.Bound:F0} to {capacity.Bound:F0} only");
    }
}
