using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class LocalitySplitterTests
{
    [Fact]
    public void Localities_stay_within_30000_patients_and_are_contiguous()
    {
        var patients = TestProblems.RandomPatients(25, 41, 4_000, 12_000);
        var area = TestProblems.Grid(5, 5, patients, new ConsortiumRules { MinPatients = 100_000, MaxPatients = 750_000 });
        var result = ExactSolver.SplitIntoLocalities(area, options: new ExactOptions { TimeLimit = TimeSpan.FromSeconds(20) });
        Assert.True(result.Status is ExactStatus.Optimal or ExactStatus.Feasible, result.Message);
        var plan = result.ConsortiumOf!;
        for (int c = 0; c < result.ConsortiumCount; c++)
        {
            var members = Enumerable.Range(0, 25).Where(i => plan[i] == c).ToArray();
            Assert.NotEmpty(members);
            Assert.True(members.Sum(i => patients[i]) <= 30_000, $"locality {c} has {members.Sum(i => patients[i])} patients");
            Assert.True(PlanCheck.IsConnected(area, members), $"locality {c} is not contiguous");
        }
        Assert.True(result.ConsortiumCount >= Math.Ceiling(patients.Sum() / 30_000));
    }

    [Fact]
    public void Localities_are_fewest_then_most_compact_as_brute_force_finds()
    {
        var patients = TestProblems.RandomPatients(9, 43, 6_000, 14_000);
        var area = TestProblems.Grid(3, 3, patients, new ConsortiumRules());
        var result = LocalitySplitter.Split(area, maxPatients: 30_000, minPatients: 15_000);
        var rules = new ConsortiumRules { MinPatients = 15_000, MaxPatients = 30_000 };
        var same = TestProblems.Grid(3, 3, patients, rules);
        var (best, bestPlan, _) = BruteForce.Best(same, fewestFirst: true);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(best, result.Objective, 3);
        Assert.Equal(bestPlan!.Max() + 1, result.ConsortiumCount);
        // The centre model, under its own measure, agrees on the count and its optimum.
        var flow = LocalitySplitter.Split(area, maxPatients: 30_000, minPatients: 15_000, new ExactOptions { Formulation = ExactFormulation.CentreFlow });
        var (bestCentre, _, _) = BruteForce.Best(same, fewestFirst: true, measure: CompactnessMeasure.AboutCentre);
        Assert.Equal(ExactStatus.Optimal, flow.Status);
        Assert.Equal(bestCentre, flow.Objective, 3);
        Assert.Equal(result.ConsortiumCount, flow.ConsortiumCount);
    }

    [Fact]
    public void Splitting_one_consortium_of_a_plan_maps_back_to_its_practices()
    {
        var patients = TestProblems.Filled(12, 10_000);
        var problem = TestProblems.Grid(3, 4, patients, new ConsortiumRules { MinPatients = 50_000, MaxPatients = 70_000 });
        int[] plan = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]; // west and east halves
        var (sub, result) = LocalitySplitter.SplitConsortium(problem, plan, 1, maxPatients: 20_000);
        Assert.Equal([2, 3, 6, 7, 10, 11], sub.OriginalIndex);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(3, result.ConsortiumCount); // 60k into pieces of at most 20k
    }
}
