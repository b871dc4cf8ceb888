using System.Text;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Practices;

/// <summary>The read limits hold while reading, and hostile values are refused with the row, field, value and what to do.</summary>
public sealed class PracticeReaderLimitsTests
{
    private const string Header = "practice_code,name,lat,lon,list_size,imd_score,spend\n";

    private static PracticeSet Read(string text, PracticeReadOptions? options = null) =>
        PracticeReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), options);

    private static InputException Refused(string text, PracticeReadOptions? options = null) =>
        Assert.Throws<InputException>(() => Read(text, options));

    private static string Point(string properties, string coordinates = "[-1.9,52.5]") =>
        $$"""{"type":"Feature","geometry":{"type":"Point","coordinates":{{coordinates}}},"properties":{{properties}}}""";

    private static string Collection(params string[] features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    [Fact]
    public void A_header_of_a_million_columns_is_refused_at_the_column_limit_without_reading_it_all_into_memory()
    {
        var text = "practice_code,lat,lon,list_size" + string.Concat(Enumerable.Repeat(",c", 1_000_000)) + "\nA1,52.5,-1.9,100\n";
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(text);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var p = Assert.Single(e.Problems);
        Assert.Equal(("line 1", "(header)"), (p.Where, p.Field));
        Assert.Contains("more than 1,000 columns", p.Message);
        // The text itself is 2 MB (4 MB as UTF-16, read twice: bytes, then characters); a parsed header of a million strings would be far more.
        Assert.True(allocated < 40_000_000, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void More_rows_than_the_practice_limit_stop_the_reading_at_the_first_row_past_it()
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 50; i++) sb.Append($"A{i},,52.5,-1.9,100,20,1000\n");
        var e = Refused(sb.ToString(), new PracticeReadOptions { MaxPractices = 10 });
        var p = Assert.Single(e.Problems);
        Assert.Equal(("line 12", "(rows)"), (p.Where, p.Field));
        Assert.Contains("more than 10 practices", p.Message);
        Assert.True(e.ExceedsLimit, "refused for its size, not its content");
    }

    [Fact]
    public void A_row_longer_than_the_line_limit_is_refused_naming_its_line()
    {
        var text = Header + "A1,,52.5,-1.9,100,20,1000\nA2," + new string('x', 5_000) + ",52.5,-1.9,100,20,1000\n";
        var p = Assert.Single(Refused(text, new PracticeReadOptions { MaxLineLength = 1_000 }).Problems);
        Assert.Equal(("line 3", "(row)"), (p.Where, p.Field));
        Assert.Contains("longer than 1,000 characters", p.Message);
    }

    [Fact]
    public void An_unclosed_quote_swallowing_the_file_stops_at_the_line_limit()
    {
        var text = Header + "A1,\"Surgery,52.5,-1.9,100,20,1000\n" + string.Concat(Enumerable.Repeat("A2,,52.5,-1.9,100,20,1000\n", 10_000));
        var p = Assert.Single(Refused(text).Problems);
        Assert.Equal("line 2", p.Where);
        Assert.Contains("never closed", p.Message);
    }

    [Fact]
    public void A_file_whose_every_row_is_wrong_lists_the_first_problems_and_counts_the_rest()
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 5_000; i++) sb.Append($"A{i},,52.5,-1.9,lots,20,1000\n");
        var e = Refused(sb.ToString());
        Assert.Equal(100, e.Problems.Count);
        Assert.Equal(4_900, e.NotListed);
        Assert.Equal("line 2", e.Problems[0].Where);
        Assert.Equal("line 101", e.Problems[^1].Where);
        Assert.StartsWith("The input has 5,000 problems; nothing was loaded", e.Message);
        Assert.Contains("… and 4,950 more.", e.Message);
    }

    [Fact]
    public void Rows_wider_than_the_header_keep_only_the_header_width_and_name_their_true_width()
    {
        var text = Header + "A1,,52.5,-1.9,100,20,1000" + string.Concat(Enumerable.Repeat(",x", 5_000)) + "\n";
        var p = Assert.Single(Refused(text).Problems);
        Assert.Equal(("line 2", "(row)"), (p.Where, p.Field));
        Assert.Contains("5,007 fields but the header has 7", p.Message);
    }

    [Theory]
    [InlineData("\uFEFF")]
    [InlineData("")]
    public void A_utf8_byte_order_mark_is_accepted_before_csv_and_geojson(string bom)
    {
        var csv = Read(bom + Header + "A1,,52.5,-1.9,100,20,1000\n");
        Assert.Equal("A1", Assert.Single(csv.Practices).Code);
        var geo = Read(bom + Collection(Point("""{"practice_code":"B1","list_size":100}""")));
        Assert.Equal("B1", Assert.Single(geo.Practices).Code);
    }

    [Theory]
    [InlineData("1e15")]
    [InlineData("1.2e21")]
    [InlineData("1000001")]
    public void A_list_size_beyond_any_gp_practice_is_refused(string value)
    {
        var p = Assert.Single(Refused(Header + $"A1,,52.5,-1.9,{value},20,1000\n").Problems);
        Assert.Equal(("line 2", "list_size", value), (p.Where, p.Field, p.Value));
        Assert.Contains("above 1,000,000", p.Message);
        Assert.Contains("Check that the column holds the practice's list size", p.Message);
    }

    [Theory]
    [InlineData("spend", "1e12", "beyond ±1,000,000,000")]
    [InlineData("spend", "-5e9", "beyond ±1,000,000,000")]
    [InlineData("imd_score", "1e300", "beyond ±1,000,000")]
    [InlineData("spend", "∞", "not a finite number")]
    [InlineData("imd_score", "-Infinity", "not a finite number")]
    public void Spend_and_deprivation_outside_a_sane_range_are_refused(string field, string value, string says)
    {
        string dep = field == "imd_score" ? value : "20", spend = field == "spend" ? value : "1000";
        var p = Assert.Single(Refused(Header + $"A1,,52.5,-1.9,100,{dep},{spend}\n").Problems);
        Assert.Equal(("line 2", field, value), (p.Where, p.Field, p.Value));
        Assert.Contains(says, p.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void Non_finite_coordinates_are_refused_naming_the_column(string value)
    {
        var p = Assert.Single(Refused(Header + $"A1,,{value},-1.9,100,20,1000\n").Problems);
        Assert.Equal(("line 2", "lat", value), (p.Where, p.Field, p.Value));
        Assert.Contains("not a finite number", p.Message);
    }

    [Fact]
    public void A_text_column_holding_nan_is_passed_through_as_text_not_as_a_number()
    {
        var set = Read("practice_code,lat,lon,list_size,note\nA1,52.5,-1.9,100,NaN\nA2,52.6,-1.9,100,1\n");
        Assert.Equal("NaN", set.Practices[0].Properties.Single(p => p.Name == "note").Value);
    }

    [Fact]
    public void GeoJson_numbers_too_large_for_a_double_are_refused_not_thrown()
    {
        var e = Refused(Collection(Point("""{"practice_code":"A1","list_size":1e400}"""), Point("""{"practice_code":"A2","list_size":10}""", "[1e400, 52.5]")));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Where == "feature 0" && p.Field == "list_size" && p.Message.Contains("not a finite number"));
        Assert.Contains(e.Problems, p => p.Where == "feature 1" && p.Field == "geometry" && p.Message.Contains("not finite numbers"));
    }

    [Fact]
    public void GeoJson_with_more_features_than_the_limit_is_refused_before_any_is_read()
    {
        var features = Enumerable.Range(0, 30).Select(i => Point($$"""{"practice_code":"A{{i}}","list_size":10}""")).ToArray();
        var e = Refused(Collection(features), new PracticeReadOptions { MaxPractices = 20 });
        var p = Assert.Single(e.Problems);
        Assert.Equal(("document", "features", "30"), (p.Where, p.Field, p.Value));
        Assert.True(e.ExceedsLimit);
    }

    [Fact]
    public void A_feature_with_more_properties_than_the_limit_is_refused()
    {
        var props = "{" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"p{i}\":{i}")) + ",\"practice_code\":\"A1\",\"list_size\":10}";
        var p = Assert.Single(Refused(Collection(Point(props)), new PracticeReadOptions { MaxColumns = 20 }).Problems);
        Assert.Equal(("feature 0", "properties"), (p.Where, p.Field));
        Assert.Contains("more than 20 properties", p.Message);
    }

    [Fact]
    public void A_property_given_twice_in_a_feature_is_named()
    {
        var p = Assert.Single(Refused(Collection(Point("""{"practice_code":"A1","list_size":10,"List_Size":20}"""))).Problems);
        Assert.Equal(("feature 0", "List_Size"), (p.Where, p.Field));
        Assert.Contains("more than once", p.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_a_problem_of_its_feature()
    {
        var p = Assert.Single(Refused(Collection(Point("""{"practice_code":"A\uD800","list_size":10}"""))).Problems);
        Assert.Equal("feature 0", p.Where);
        Assert.Contains("not valid Unicode", p.Message);
    }

    [Fact]
    public void Geojson_that_is_not_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Collection(Point("""{"practice_code":"A1","name":"X","list_size":10}""")));
        int at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF;
        var e = Assert.Throws<InputException>(() => PracticeReader.Read(new MemoryStream(bytes)));
        Assert.Contains("not valid UTF-8", Assert.Single(e.Problems).Message);
    }

    [Fact]
    public void Json_nested_deeper_than_the_limit_is_refused_as_json()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var p = Assert.Single(Refused(Collection(Point($$"""{"practice_code":"A1","list_size":10,"deep":{{deep}}}"""))).Problems);
        Assert.Equal("(json)", p.Field);
        Assert.Contains("nested less than 64 levels", p.Message);
    }

    [Fact]
    public void An_input_larger_than_the_byte_limit_is_refused()
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < 200; i++) sb.Append($"A{i},,52.5,-1.9,100,20,1000\n");
        var options = new PracticeReadOptions { MaxBytes = 1_000 };
        Assert.Contains("larger than", Assert.Single(Refused(sb.ToString(), options).Problems).Message);
        var csv = Assert.Throws<InputException>(() => PracticeReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), options));
        Assert.Contains("larger than", Assert.Single(csv.Problems).Message);
        Assert.True(csv.ExceedsLimit);
    }

    [Fact]
    public void Bng_coordinates_outside_the_grid_name_the_columns_and_the_grid_extent()
    {
        var e = TestPractices.CsvProblems("practice_code,easting,northing,list_size\nA1,900000,1300000,10\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal(("line 2", "easting/northing"), (p.Where, p.Field));
        Assert.Contains("outside Great Britain's National Grid", p.Message);
    }

    [Fact]
    public void A_column_named_twice_is_refused_naming_both_columns()
    {
        var p = Assert.Single(Refused("practice_code,lat,lon,list_size,List_Size\nA1,52.5,-1.9,100,200\n").Problems);
        Assert.Equal(("line 1", "List_Size"), (p.Where, p.Field));
        Assert.Contains("columns 4 and 5", p.Message);
    }
}
