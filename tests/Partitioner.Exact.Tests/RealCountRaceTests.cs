using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Exact.Tests;

/// <summary>
/// The count race on the real area whose fewest localities were found in only 10 of 18 benchmark runs: CCG 91Q (2021/22,
/// 195 open practices, 3 of them above 30,000 patients), where the heuristic stops at 68 localities for the other 192 and
/// the fewest is 67.
/// </summary>
[Trait("Category", "RealData")]
public sealed class RealCountRaceTests
{
    [RealDataFact]
    public void The_fewest_localities_of_CCG_91Q_are_found_and_proven_from_one_locality_per_practice()
    {
        var area = RealData.OpenPractices2021Where("ccg_code", "91Q");
        Assert.Equal(195, area.Count);
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000, CountPreference = CountPreference.Fewest };
        var problem = Study.Prepare(area, rules, MissingValuePolicy.Exclude).ToProblem();
        var within = Enumerable.Range(0, problem.PracticeCount).Where(i => problem.Patients[i] <= 30_000).ToArray();
        Assert.Equal(192, within.Length);
        var sub = Subproblem.Extract(problem, within, rules).Problem;
        var model = SetPartitionModel.TryBuild(sub, 1_000_000)!;
        var options = ExactOptions.Default;
        int rangeMin = (int)Math.Ceiling(within.Sum(i => problem.Patients[i]) / 30_000);
        Assert.Equal(62, rangeMin);

        using var budget = new TimeBudget(TimeSpan.FromSeconds(120));
        int minCount = rangeMin;
        var alone = Enumerable.Range(0, sub.PracticeCount).ToArray();
        var (plan, count, proven, how) = CountRace.BelowSeed(sub, new PartitionFormulation(model, options), options, budget, alone, rangeMin, ref minCount);

        Assert.Equal(67, count);
        Assert.True(proven, $"67 found ({how}) but only {minCount} proven");
        Assert.Empty(PlanCheck.PlanViolations(sub, plan));
    }
}
