using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Practices;

public sealed class MissingValuesTests
{
    private static PracticeSet TwoScoredOneMissing() => TestPractices.FromCsv(
        "practice_code,lat,lon,list_size,imd_score,spend\nA1,52.5,-1.9,1000,10,100000\nA2,52.6,-1.9,3000,30,\nA3,52.7,-1.9,1000,,200000\n");

    [Fact]
    public void A_missing_value_is_not_an_error_when_no_rule_needs_it()
    {
        var set = MissingValues.Apply(TwoScoredOneMissing(), MissingValuePolicy.Error, deprivationNeeded: false, spendNeeded: false);
        Assert.True(double.IsNaN(set[2].Deprivation));
    }

    [Fact]
    public void A_missing_value_a_rule_needs_is_an_error_naming_the_practice_and_the_choices()
    {
        var e = Assert.Throws<InputException>(() => MissingValues.Apply(TwoScoredOneMissing(), MissingValuePolicy.Error, deprivationNeeded: true, spendNeeded: true));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Where == "practice A3" && p.Field == "deprivation" && p.Message.Contains("missing=mean"));
        Assert.Contains(e.Problems, p => p.Where == "practice A2" && p.Field == "spend");
    }

    [Fact]
    public void Filling_uses_the_patient_weighted_area_mean_and_says_so()
    {
        var set = MissingValues.Apply(TwoScoredOneMissing(), MissingValuePolicy.FillMean, true, true);
        Assert.Equal((1000 * 10 + 3000 * 30) / 4000.0, set[2].Deprivation, 9);
        // Spend is filled at the area's spend per patient: 300,000 over 2,000 patients = £150 per patient.
        Assert.Equal(150 * 3000, set[1].Spend, 6);
        Assert.Contains(set.Warnings, w => w.Where == "practice A3" && w.Message.Contains("filled with the area mean 25.00"));
        Assert.Contains(set.Warnings, w => w.Where == "practice A2" && w.Message.Contains("£150.00"));
    }

    [Fact]
    public void Excluding_keeps_the_value_missing_and_says_which_practices_were_left_out_of_the_sums()
    {
        var set = MissingValues.Apply(TwoScoredOneMissing(), MissingValuePolicy.Exclude, true, true);
        Assert.True(double.IsNaN(set[2].Deprivation));
        Assert.Contains(set.Warnings, w => w.Where == "practice A3" && w.Message.Contains("left out of the deprivation balance sums"));
        Assert.Contains(set.Warnings, w => w.Where == "practice A2" && w.Message.Contains("left out of the spend balance sums"));
    }

    [Fact]
    public void A_file_missing_a_needed_column_lists_a_hundred_practices_and_counts_the_rest()
    {
        var csv = new System.Text.StringBuilder("practice_code,lat,lon,list_size\n");
        for (int i = 0; i < 500; i++) csv.Append($"A{i},52.5,-1.9,1000\n");
        var e = Assert.Throws<InputException>(() => MissingValues.Apply(TestPractices.FromCsv(csv.ToString()), MissingValuePolicy.Error, deprivationNeeded: true, spendNeeded: false));
        Assert.Equal(100, e.Problems.Count);
        Assert.Equal(400, e.NotListed);
        Assert.StartsWith("The input has 500 problems", e.Message);
    }
}
