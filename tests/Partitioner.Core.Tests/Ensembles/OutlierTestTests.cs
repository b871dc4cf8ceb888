using Partitioner.Core.Ensembles;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;
using Xunit.Abstractions;

namespace Partitioner.Core.Tests.Ensembles;

public sealed class OutlierTestTests(ITestOutputHelper output)
{
    private const int Side = 16;

    /// <summary>
    /// A 16×16 grid of equal practices whose deprivation rises from west to east, with every other practice (a
    /// checkerboard) 6 points more or less deprived than its neighbours: compact consortia mix the two, a cherry-picker
    /// can take only the affluent squares. Spend per patient is the same everywhere.
    /// </summary>
    private static Study Checkerboard()
    {
        var set = TestPractices.Grid(Side, Side, _ => 1000, i => 15 + 10.0 * (i % Side) / (Side - 1) + ((i / Side + i % Side) % 2 == 0 ? -6 : 6));
        return Study.Prepare(set, new ConsortiumRules { MinPatients = 12_000, MaxPatients = 20_000 });
    }

    [Fact]
    public void A_cherry_picked_consortium_is_flagged_and_only_it()
    {
        var study = Checkerboard();
        var ensemble = EnsembleSampler.Sample(study, new EnsembleOptions { Plans = 2000, Chains = 4, Thin = 50, BurnIn = 5000, Count = 16, Seed = 3 });
        // A typical plan: of 20 plans from an independent chain, the one whose consortia sit nearest the middle of their
        // reference distributions. (About 5% of the consortia of a random valid plan are flagged by chance, as with any
        // 95% band; the test needs a plan with none, to see that planting adds exactly one.)
        var candidates = EnsembleSampler.Sample(study, new EnsembleOptions { Plans = 20, Chains = 1, Thin = 500, BurnIn = 5000, Count = 16, Seed = 99 });
        var names = Enumerable.Range(1, 16).Select(i => $"C{i:00}").ToArray();
        int[] plan = [];
        OutlierReport? before = null;
        double mostCentral = double.MaxValue;
        candidates.ForEachPlan((_, labels) =>
        {
            var report = OutlierTest.Evaluate(ensemble, study, new Plan(names, (int[])labels.Clone()));
            double worst = report.Consortia.Max(c => Math.Abs(c.Deprivation.Percentile - 50));
            if (worst < mostCentral) { mostCentral = worst; plan = (int[])labels.Clone(); before = report; }
        });
        foreach (var c in before!.Consortia) output.WriteLine($"typical {c.Name}: deprivation {c.Deprivation.Value:0.00} percentile {c.Deprivation.Percentile:0.0} band {c.Deprivation.Low:0.00}–{c.Deprivation.High:0.00}");
        Assert.Empty(before.Flagged);

        // Plant: the consortium holding the centre practice swaps its deprived half for affluent practices of its neighbours.
        int target = plan[(Side / 2) * Side + Side / 2];
        var planted = Plant(study, plan, target);
        var after = OutlierTest.Evaluate(ensemble, study, new Plan(names, planted));
        foreach (var c in after.Consortia) output.WriteLine($"planted {c.Name}: deprivation {c.Deprivation.Value:0.00} percentile {c.Deprivation.Percentile:0.0} band {c.Deprivation.Low:0.00}–{c.Deprivation.High:0.00} {string.Join("; ", c.Findings)}");
        var flagged = Assert.Single(after.Flagged);
        Assert.Equal(names[target], flagged.Name);
        Assert.True(flagged.Deprivation.Percentile < OutlierTest.LowPercentile);
        Assert.False(flagged.Spend.Flagged);
        Assert.Matches(@"^more affluent than (all|\d+(\.\d)?%) of the consortia its practices fall into across 2,000 valid plans$", flagged.Findings.Single());
    }

    /// <summary>
    /// Cherry-picking by boundary swaps: each practice of the deprived half of consortium <paramref name="target"/> is
    /// swapped for the nearest clearly more affluent practice (by at least 6 points) of a neighbouring consortium, taking
    /// from the neighbours in turn so that none gives much. The target ends up with only affluent practices; each
    /// neighbour gives one or two and takes as many deprived ones back.
    /// </summary>
    private static int[] Plant(Study study, int[] plan, int target)
    {
        var graph = study.Geography.PracticeGraph;
        double Dep(int v) => study.Practices[v].Deprivation;
        var own = Enumerable.Range(0, plan.Length).Where(v => plan[v] == target).OrderByDescending(Dep).ThenBy(v => v).ToList();
        var neighbours = own.SelectMany(v => graph.Neighbours(v).ToArray()).Select(w => plan[w]).Where(c => c != target).ToHashSet();
        var given = neighbours.ToDictionary(c => c, _ => 0);
        var result = (int[])plan.Clone();
        var taken = new HashSet<int>();
        foreach (int g in own.Take(own.Count / 2))
        {
            int gx = g % Side, gy = g / Side;
            var swap = Enumerable.Range(0, plan.Length)
                .Where(v => neighbours.Contains(plan[v]) && !taken.Contains(v) && Dep(v) <= Dep(g) - 6)
                .OrderBy(v => given[plan[v]]).ThenBy(v => Math.Abs(v % Side - gx) + Math.Abs(v / Side - gy)).ThenBy(v => v)
                .First();
            taken.Add(swap);
            given[plan[swap]]++;
            result[swap] = target;
            result[g] = plan[swap];
        }
        return result;
    }

    [Fact]
    public void A_proposal_on_other_practices_is_refused_naming_them()
    {
        var study = Checkerboard();
        var ensemble = EnsembleSampler.Sample(study, new EnsembleOptions { Plans = 8, Chains = 2, Thin = 5, BurnIn = 10, Count = 16 });
        var other = Study.Prepare(TestPractices.Grid(Side, Side - 1, _ => 1000), new ConsortiumRules { MinPatients = 1 });
        var e = Assert.Throws<InputException>(() => OutlierTest.Evaluate(ensemble, other, new Plan(["A"], new int[other.Practices.Count])));
        Assert.Contains("The ensemble has this practice but the practices given here do not", e.Problems[0].Message);
        Assert.Equal("practice_code", e.Problems[0].Field);
    }

    [Fact]
    public void Percentiles_count_ties_as_half_and_quantiles_interpolate()
    {
        double[] sorted = [1, 2, 2, 3];
        Assert.Equal(50, OutlierTest.Percentile(sorted, 2));
        Assert.Equal(0, OutlierTest.Percentile(sorted, 0.5));
        Assert.Equal(100, OutlierTest.Percentile(sorted, 4));
        Assert.Equal(2, OutlierTest.Quantile(sorted, 0.5));
        Assert.Equal(1.075, OutlierTest.Quantile(sorted, 0.025), 9);
    }
}
