using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class FairShareTests
{
    private static PracticeSet Four(string weights) => TestPractices.FromCsv(
        "practice_code,easting,northing,list_size,weighted_list_size,spend,ccg_code\n" +
        $"P1,400000,300000,1000,{weights.Split(',')[0]},200000,A\n" +
        $"P2,401000,300000,1000,{weights.Split(',')[1]},130000,A\n" +
        $"P3,402000,300000,2000,{weights.Split(',')[2]},280000,B\n" +
        $"P4,403000,300000,1000,{weights.Split(',')[3]},140000,B\n",
        new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" }, CoordinateSystem = CoordinateSystem.BritishNationalGrid });

    [Fact]
    public void Each_consortium_is_measured_against_the_area_spend_shared_by_weighted_list_size()
    {
        var practices = Four("1200,800,2000,1000");
        var plan = Plan.FromGroups(practices, "ccg_code");
        var f = FairShare.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames);
        // £750,000 over 5,000 weighted patients: £150 each. A (2,000 weighted) gets £300,000 and spends £330,000.
        Assert.Equal("weighted_list_size", f.Basis);
        Assert.Equal(150, f.SpendPerBasis, 9);
        var a = f.Units[0];
        Assert.Equal(300_000, a.Target, 6);
        Assert.Equal(10.0, a.DistancePercent, 9);
        Assert.Equal(15.0, a.DistancePerHead, 9);
        var b = f.Units[1];
        Assert.Equal(450_000, b.Target, 6);
        Assert.Equal(-100.0 / 15, b.DistancePercent, 9);
        Assert.Equal(-10.0, b.DistancePerHead, 9);
        Assert.Equal(f.AreaSpend, f.Units.Sum(u => u.Target), 6);
    }

    [Fact]
    public void A_missing_weight_is_filled_from_the_areas_weighted_to_registered_ratio()
    {
        var practices = Four("1500,900,2400,");
        var plan = Plan.FromGroups(practices, "ccg_code");
        var f = FairShare.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames);
        Assert.Equal(1, f.FilledWeights);
        // Ratio over the weighted practices: 4,800 / 4,000 = 1.2, so P4 counts 1,200.
        Assert.Equal(2_400 + 1_200, f.Units[1].WeightedPatients, 9);
        Assert.Equal(f.AreaSpend, f.Units.Sum(u => u.Target), 6);
    }

    [Fact]
    public void Without_weights_the_fair_share_is_per_registered_patient()
    {
        var practices = TestPractices.Grid(2, 2, i => 1000 * (i + 1), spend: i => 100_000, group: "ccg_code", groupOf: i => i < 2 ? "A" : "B");
        var plan = Plan.FromGroups(practices, "ccg_code");
        var f = FairShare.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames);
        Assert.Equal("registered_patients", f.Basis);
        // 400,000 over 10,000 patients; A has 3,000 → £120,000 target against £200,000 spend.
        Assert.Equal(120_000, f.Units[0].Target, 6);
        Assert.Equal(200.0 / 3, f.Units[0].DistancePercent, 9);
    }
}
