using Partitioner.Core.Ensembles;

namespace Partitioner.Core.Tests.Ensembles;

public sealed class StableCoresTests
{
    /// <summary>
    /// Six practices on a path 0–1–2–3–4–5 over 100 plans: 0 and 1 share a consortium in 92 plans, 1 and 2 in 92, but all
    /// three only in 85; 3 and 4 in 95; 4 and 5 in 50.
    /// </summary>
    private static Ensemble PathEnsemble()
    {
        const int Plans = 100;
        var writer = new AssignmentRows.Writer(6, 6);
        var from = new[] { 0, 1, 2, 3, 4 };
        var to = new[] { 1, 2, 3, 4, 5 };
        var together = new int[5];
        for (int i = 0; i < Plans; i++)
        {
            int[] first = i < 85 ? [0, 0, 0] : i < 92 ? [0, 0, 1] : i < 99 ? [0, 1, 1] : [0, 1, 2];
            int four = i % 20 != 0 ? 3 : 4;
            int five = i % 2 == 0 ? four : 5;
            int[] labels = [first[0], first[1], first[2], 3, four, five];
            writer.Append(labels);
            for (int e = 0; e < 5; e++) if (labels[from[e]] == labels[to[e]]) together[e]++;
        }
        var columns = PlanColumns.Names.Select(_ => new double[Plans]).ToArray();
        return new Ensemble(["P0", "P1", "P2", "P3", "P4", "P5"], 4, 1, 1, 0, columns, new int[Plans], Enumerable.Range(1, Plans).Select(i => (long)i).ToArray(),
            [writer.Finish()], from, to, together, [new ChainSummary(0, Plans, Plans, Plans, Plans, 0, 0, 0, 0)], Plans, 0);
    }

    [Fact]
    public void A_core_is_a_group_together_in_at_least_the_share_of_plans_not_a_chain_of_pairs()
    {
        var ensemble = PathEnsemble();
        Assert.Equal([92, 92, 0, 95, 50], ensemble.Together);
        var cores = StableCores.Find(ensemble, 0.9);
        // 0–1 and 1–2 pass 90% as pairs, but the three are together in only 85% of plans: not a core; 3–4 is.
        var core = Assert.Single(cores);
        Assert.Equal([3, 4], core.Practices);
        Assert.Equal(0.95, core.Together, 9);
    }

    [Fact]
    public void A_lower_share_admits_the_group_of_three()
    {
        var cores = StableCores.Find(PathEnsemble(), 0.8);
        Assert.Equal(2, cores.Count);
        Assert.Equal([0, 1, 2], cores[0].Practices);
        Assert.Equal(0.85, cores[0].Together, 9);
        Assert.Equal([3, 4], cores[1].Practices);
    }

    [Fact]
    public void Every_core_of_a_sampled_ensemble_is_together_as_often_as_it_says()
    {
        var ensemble = EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options());
        var cores = StableCores.Find(ensemble);
        Assert.NotEmpty(cores);
        var inCore = new HashSet<int>();
        foreach (var core in cores)
        {
            Assert.True(core.Practices.Length >= 2);
            Assert.True(core.Together >= 0.9);
            foreach (int p in core.Practices) Assert.True(inCore.Add(p), $"practice {p} is in two cores");
            int whole = 0;
            ensemble.ForEachPlan((_, labels) => { if (core.Practices.All(p => labels[p] == labels[core.Practices[0]])) whole++; });
            Assert.Equal(core.Together, (double)whole / ensemble.Plans, 9);
        }
    }
}
