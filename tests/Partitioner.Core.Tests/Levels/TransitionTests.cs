using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class TransitionTests
{
    // G1 = P0..P2 (P2 the smallest), G2 = P3, P4, G3 = P5.
    private static PracticeSet Six() => TestPractices.FromCsv(
        "practice_code,easting,northing,list_size,weighted_list_size,spend,ccg_code\n" +
        "P0,400000,300000,5000,5000,800000,G1\nP1,401000,300000,4000,4000,600000,G1\nP2,402000,300000,1000,1000,150000,G1\n" +
        "P3,403000,300000,3000,3000,400000,G2\nP4,404000,300000,3000,3000,450000,G2\nP5,405000,300000,2000,2000,300000,G3\n",
        new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" }, CoordinateSystem = CoordinateSystem.BritishNationalGrid });

    [Fact]
    public void A_practice_moves_only_when_it_leaves_the_consortium_that_takes_most_of_its_former_group()
    {
        var practices = Six();
        // C1 takes most of G1 and all of G3 (a merger: nobody moves); P2, the smallest part of G1, goes to C2 with G2.
        var plan = new Plan(["C1", "C2"], [0, 0, 1, 1, 1, 0]);
        var t = TransitionReport.Of(practices, plan, "ccg_code");
        Assert.Equal(1, t.PracticesMoved);
        Assert.Equal(1000, t.PatientsMoved);
        Assert.Equal([0, 1], t.Consortia.Select(c => c.PracticesMovedIn).ToArray());
        Assert.Equal(["G1", "G3"], t.Consortia[0].FormerGroups);
        var g1 = t.FormerGroups.Single(g => g.Name == "G1");
        Assert.Equal(("C1", 1, 1000.0), (g1.Successor, g1.PracticesMovedOut, g1.PatientsMovedOut));
        Assert.Equal("C1", t.FormerGroups.Single(g => g.Name == "G3").Successor);
    }

    [Theory]
    [InlineData(110.0, 100.0, 0.02)]
    [InlineData(90.0, 100.0, 0.02)]
    [InlineData(100.0, 100.0, 0.02)]
    [InlineData(130.0, 100.0, 0.05)]
    public void The_budget_path_closes_the_gap_at_the_pace_cap_in_the_years_the_closed_form_gives(double historic, double target, double cap)
    {
        var (path, years) = TransitionReport.Glide(historic, target, new TransitionOptions { PaceCap = cap });
        // Budgets change by the full cap each year until the last step lands on the target.
        int expected = historic == target ? 0 : (int)Math.Ceiling(Math.Log(target / historic) / Math.Log(historic < target ? 1 + cap : 1 - cap) - 1e-12);
        Assert.Equal(expected, years);
        Assert.Equal(expected + 1, path.Count);
        Assert.Equal(target, path[^1], 9);
        for (int y = 1; y < path.Count - 1; y++) Assert.Equal(path[y - 1] * (historic < target ? 1 + cap : 1 - cap), path[y], 9);
    }

    [Fact]
    public void A_path_longer_than_the_horizon_has_no_years()
    {
        var (path, years) = TransitionReport.Glide(200, 100, new TransitionOptions { PaceCap = 0.01, MaxYears = 10 });
        Assert.Null(years);
        Assert.Equal(11, path.Count);
    }

    [Fact]
    public void Each_consortiums_distance_from_fair_share_starts_its_path()
    {
        var practices = Six();
        var plan = new Plan(["C1", "C2"], [0, 0, 1, 1, 1, 0]);
        var t = TransitionReport.Of(practices, plan, "ccg_code");
        // £2,700,000 over 18,000 weighted: £150. C1: 11,000 → £1,650,000 target, spends £1,700,000 (+3.03%).
        var c1 = t.Consortia[0];
        Assert.Equal(1_650_000, c1.FairShare.Target, 6);
        Assert.Equal(1_700_000, c1.Path[0], 6);
        Assert.Equal(2, c1.YearsToFairShare);
    }
}
