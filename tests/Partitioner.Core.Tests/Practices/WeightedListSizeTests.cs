using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Practices;

public sealed class WeightedListSizeTests
{
    [Fact]
    public void The_weighted_list_size_column_is_read_and_kept_among_the_properties()
    {
        var set = TestPractices.FromCsv("practice_code,lon,lat,list_size,weighted_list_size,ccg_code\nA1,-1.5,53.0,1000,1234.5,00K\nA2,-1.4,53.0,2000,,00K\n",
            new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        Assert.Equal(1234.5, set[0].WeightedPatients);
        Assert.True(double.IsNaN(set[1].WeightedPatients));
        // Passed through under their own names: the weighting and the grouping field.
        Assert.Contains(set[0].Properties, p => p.Name == "weighted_list_size");
        Assert.Contains(set[0].Properties, p => p.Name == "ccg_code" && Equals(p.Value, "00K"));
        Assert.Equal("00K", set[0].Group);
    }

    [Fact]
    public void The_field_mapping_weighted_patients_names_another_column()
    {
        var fields = new FieldMapping().With("weighted_patients", "need");
        var set = TestPractices.FromCsv("practice_code,lon,lat,list_size,need\nA1,-1.5,53.0,1000,900\n", new PracticeReadOptions { Fields = fields });
        Assert.Equal(900, set[0].WeightedPatients);
        Assert.Contains("weighted_patients", FieldMapping.FieldNames);
    }

    [Fact]
    public void A_weighted_list_size_that_is_not_a_number_is_named()
    {
        var e = TestPractices.CsvProblems("practice_code,lon,lat,list_size,weighted_list_size\nA1,-1.5,53.0,1000,lots\n");
        var problem = Assert.Single(e.Problems);
        Assert.Equal(("line 2", "weighted_list_size", "lots"), (problem.Where, problem.Field, problem.Value));
        Assert.Contains("weighted list size", problem.Message);
    }
}
