using System.Text;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Plans;

public sealed class MappingReaderTests
{
    private static IReadOnlyList<KeyValuePair<string, string>> Read(byte[] bytes) => MappingReader.Read(new MemoryStream(bytes), "map.csv");

    private static IReadOnlyList<KeyValuePair<string, string>> Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Quoted_names_keep_their_commas_and_extra_columns_and_blank_lines_are_ignored()
    {
        var map = Read("practice_code,consortium,note\nA1,\"Tees, Esk and Wear\",x\n\n A2 , Leeds ,y\n");
        Assert.Equal([new("A1", "Tees, Esk and Wear"), new("A2", "Leeds")], map);
    }

    [Fact]
    public void A_mapping_saved_by_a_spreadsheet_reads_as_the_same_mapping()
    {
        var expected = Read("practice_code,consortium\nA1,Café Nord\nA2,Leeds\n");
        Assert.Equal(expected, Read("practice_code;consortium\r\nA1;Café Nord\r\nA2;Leeds\r\n"));
        Assert.Equal(expected, Read("practice_code\tconsortium\nA1\tCafé Nord\nA2\tLeeds\n"));
        Assert.Equal(expected, Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("practice_code,consortium\nA1,Café Nord\nA2,Leeds\n")]));
        // Windows-1252: é is the single byte 0xE9, not UTF-8.
        Assert.Equal(expected, Read(Encoding.Latin1.GetBytes("practice_code,consortium\nA1,Café Nord\nA2,Leeds\n")));
    }

    [Fact]
    public void A_row_without_a_consortium_is_named_by_its_line_and_nothing_is_returned()
    {
        var e = Assert.Throws<InputException>(() => Read("practice_code,consortium\nA1,North\nA2\nA3,South\n"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal(("line 3", "A2"), (problem.Where, problem.Value));
        Assert.Contains("Expected practice_code,consortium", problem.Message);
    }

    [Theory]
    [InlineData("practice_code\nA1\n", "header row of two columns")]
    [InlineData("practice_code,consortium\n", "no rows")]
    [InlineData("", "mapping file is empty")]
    [InlineData("\r\n \n", "mapping file is empty")]
    public void A_mapping_without_two_columns_or_rows_is_refused(string text, string says)
    {
        var e = Assert.Throws<InputException>(() => Read(text));
        Assert.Contains(says, e.Message);
    }
}
