using System.Text;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Practices;

public sealed class PracticeReaderTests
{
    private const string Header = "practice_code,name,lat,lon,list_size,imd_score,spend,ccg_code\n";

    private static PracticeSet Geo(string json, PracticeReadOptions? options = null) =>
        PracticeReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), options);

    private static string Feature(string geometry, string properties) =>
        $$"""{"type":"Feature","geometry":{{geometry}},"properties":{{properties}}}""";

    private static string Collection(params string[] features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    [Fact]
    public void Csv_with_default_nhs_columns_is_read_with_numbers_and_grid_coordinates()
    {
        var set = TestPractices.FromCsv(Header + "A81001,Drs Williams,54.561687,-1.318938,4152,29.14,621856.00,00K\n",
            new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var p = Assert.Single(set.Practices);
        Assert.Equal("A81001", p.Code);
        Assert.Equal("Drs Williams", p.Name);
        Assert.Equal(4152, p.Patients);
        Assert.Equal(29.14, p.Deprivation);
        Assert.Equal(621856.0, p.Spend);
        Assert.Equal("00K", p.Group);
        // The real file gives E 444139, N 518708 for this postcode: the projection should agree to tens of metres.
        Assert.InRange(p.Easting, 444139 - 60, 444139 + 60);
        Assert.InRange(p.Northing, 518708 - 60, 518708 + 60);
    }

    [Fact]
    public void Properties_not_mapped_to_a_field_are_kept_in_order_with_their_types()
    {
        var set = TestPractices.FromCsv("practice_code,lat,lon,list_size,dispensing,weighted\nA1,52.5,-1.9,5000,Yes,5100.5\n");
        var p = Assert.Single(set.Practices);
        Assert.Equal(new[] { "dispensing", "weighted" }, p.Properties.Select(x => x.Name));
        Assert.Equal("Yes", p.Properties[0].Value);
        Assert.Equal(5100.5, p.Properties[1].Value);
    }

    [Fact]
    public void Field_mapping_overrides_the_default_column_names()
    {
        var options = new PracticeReadOptions { Fields = new FieldMapping().With("code", "ods").With("patients", "registered").With("deprivation", "imd2019") };
        var set = TestPractices.FromCsv("ods,lat,lon,registered,imd2019\nX1,52.5,-1.9,1234,33.3\n", options);
        var p = Assert.Single(set.Practices);
        Assert.Equal(("X1", 1234.0, 33.3), (p.Code, p.Patients, p.Deprivation));
    }

    [Fact]
    public void Unknown_mapping_field_is_refused_with_the_list_of_fields()
    {
        var e = Assert.Throws<InputException>(() => new FieldMapping().With("postcode", "pc"));
        Assert.Contains("code, name, patients", e.Message);
    }

    [Fact]
    public void GeoJson_points_are_read_in_lon_lat_order()
    {
        var set = Geo(Collection(Feature("""{"type":"Point","coordinates":[-1.9,52.48]}""", """{"practice_code":"B1","list_size":6000,"imd_score":30,"spend":900000,"extra":true}""")));
        var p = Assert.Single(set.Practices);
        Assert.Equal((-1.9, 52.48), (p.Longitude, p.Latitude));
        Assert.Equal(true, p.Properties.Single(x => x.Name == "extra").Value);
    }

    [Fact]
    public void GeoJson_naming_british_national_grid_in_its_crs_member_is_read_as_metres()
    {
        var json = """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[""" +
                   Feature("""{"type":"Point","coordinates":[444139,518708]}""", """{"practice_code":"A81001","list_size":4152}""") + "]}";
        var p = Assert.Single(Geo(json).Practices);
        Assert.Equal(CoordinateSystem.BritishNationalGrid, Geo(json).InputCoordinates);
        Assert.InRange(p.Latitude, 54.55, 54.57);
        Assert.InRange(p.Longitude, -1.33, -1.31);
    }

    [Fact]
    public void Csv_with_easting_and_northing_columns_is_read_as_british_national_grid()
    {
        var set = TestPractices.FromCsv("practice_code,easting,northing,list_size\nA1,444139,518708,4000\n");
        Assert.Equal(CoordinateSystem.BritishNationalGrid, set.InputCoordinates);
        Assert.InRange(Assert.Single(set.Practices).Latitude, 54.55, 54.57);
    }

    [Fact]
    public void Practices_with_no_patients_are_left_out_with_a_warning()
    {
        var set = TestPractices.FromCsv(Header + "A1,,52.5,-1.9,5000,20,1,G\nA2,,52.6,-1.9,0,20,1,G\n");
        Assert.Single(set.Practices);
        var w = Assert.Single(set.Warnings);
        Assert.Contains("A2", w.Message);
        Assert.Contains("0 registered patients", w.Message);
    }

    [Fact]
    public void Missing_code_is_reported_with_the_line()
    {
        var e = TestPractices.CsvProblems(Header + ",x,52.5,-1.9,5000,20,1,G\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal("line 2", p.Where);
        Assert.Equal("practice_code", p.Field);
        Assert.Contains("missing", p.Message);
    }

    [Fact]
    public void Duplicate_code_names_both_lines()
    {
        var e = TestPractices.CsvProblems(Header + "A1,,52.5,-1.9,5000,20,1,G\nA1,,52.6,-1.9,5000,20,1,G\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal("line 3", p.Where);
        Assert.Equal("A1", p.Value);
        Assert.Contains("line 2", p.Message);
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("many", "not a finite number")]
    [InlineData("-5", "negative")]
    [InlineData("NaN", "not a finite number")]
    [InlineData("Infinity", "not a finite number")]
    public void Bad_patients_are_reported_with_field_and_value(string value, string says)
    {
        var e = TestPractices.CsvProblems(Header + $"A1,,52.5,-1.9,{value},20,1,G\nA2,,52.6,-1.9,4000,20,1,G\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal(("line 2", "list_size"), (p.Where, p.Field));
        Assert.Contains(says, p.Message);
    }

    [Theory]
    [InlineData("imd_score", "NaN")]
    [InlineData("imd_score", "high")]
    [InlineData("spend", "Infinity")]
    public void Bad_deprivation_or_spend_is_reported(string field, string value)
    {
        string dep = field == "imd_score" ? value : "20", spend = field == "spend" ? value : "1000";
        var e = TestPractices.CsvProblems(Header + $"A1,,52.5,-1.9,5000,{dep},{spend},G\nA2,,52.6,-1.9,5000,20,1000,G\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal((field, value), (p.Field, p.Value));
    }

    [Fact]
    public void Swapped_latitude_and_longitude_are_detected_and_named()
    {
        var e = TestPractices.CsvProblems(Header + "A1,,-1.9,52.5,5000,20,1,G\n");
        Assert.Contains("appear swapped", Assert.Single(e.Problems).Message);
        var g = Assert.Throws<InputException>(() => Geo(Collection(Feature("""{"type":"Point","coordinates":[52.5,-1.9]}""", """{"practice_code":"A1","list_size":10}"""))));
        Assert.Contains("appear swapped", Assert.Single(g.Problems).Message);
    }

    [Fact]
    public void Coordinates_outside_great_britain_are_refused()
    {
        var e = TestPractices.CsvProblems(Header + "A1,,48.85,2.35,5000,20,1,G\n");
        var p = Assert.Single(e.Problems);
        Assert.Equal("lon/lat", p.Field);
        Assert.Contains("outside Great Britain", p.Message);
    }

    [Fact]
    public void Grid_metres_given_as_degrees_get_a_hint_to_say_bng()
    {
        var e = TestPractices.CsvProblems("practice_code,x,y,list_size\nA1,444139,518708,4000\n", new PracticeReadOptions { CoordinateSystem = CoordinateSystem.Wgs84 });
        Assert.Contains("British National Grid", Assert.Single(e.Problems).Message);
    }

    [Fact]
    public void Non_point_geometry_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Geo(Collection(Feature("""{"type":"Polygon","coordinates":[[[-1.9,52.5],[-1.8,52.5],[-1.8,52.6],[-1.9,52.5]]]}""", """{"practice_code":"A1","list_size":10}"""))));
        var p = Assert.Single(e.Problems);
        Assert.Equal(("feature 0", "geometry"), (p.Where, p.Field));
        Assert.Contains("Polygon, not a Point", p.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("practice_code,lat,lon,list_size\n")]
    [InlineData("""{"type":"FeatureCollection","features":[]}""")]
    public void Empty_input_is_refused(string text)
    {
        var e = Assert.Throws<InputException>(() => TestPractices.FromCsv(text));
        var problem = Assert.Single(e.Problems);
        Assert.True(problem.Message.Contains("is empty") || problem.Message.Contains("has no practices"), problem.Message);
    }

    [Fact]
    public void Every_problem_is_reported_together_and_nothing_is_loaded()
    {
        var e = TestPractices.CsvProblems(Header +
            "A1,,52.5,-1.9,5000,20,1,G\n" +
            ",,52.5,-1.9,5000,20,1,G\n" +
            "A1,,52.5,-1.9,5000,20,1,G\n" +
            "A3,,52.5,-1.9,-4,20,1,G\n" +
            "A4,,-1.9,52.5,5000,20,1,G\n");
        Assert.Equal(4, e.Problems.Count);
        Assert.Equal(new[] { "line 3", "line 4", "line 5", "line 6" }, e.Problems.Select(p => p.Where));
        Assert.StartsWith("The input has 4 problems; nothing was loaded", e.Message);
    }

    [Fact]
    public void Rows_with_the_wrong_number_of_fields_are_reported_with_field_problems_of_other_rows()
    {
        var e = TestPractices.CsvProblems(Header + "A1,Smith, Jones,52.5,-1.9,5000,20,1,G\nA2,,52.5,-1.9,-1,20,1,G\n");
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Where == "line 2" && p.Message.Contains("unquoted commas"));
        Assert.Contains(e.Problems, p => p.Where == "line 3" && p.Field == "list_size");
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_and_quotes()
    {
        var set = TestPractices.FromCsv(Header + "A1,\"Smith, Jones & \"\"Partners\"\"\",52.5,-1.9,5000,20,1,G\n");
        Assert.Equal("Smith, Jones & \"Partners\"", Assert.Single(set.Practices).Name);
    }

    private const string Rows =
        "A1,\"Smith, Jones\",52.5,-1.9,5000,20.25,610000.5,G\n" +
        "A2,Park Surgery,52.6125,-2.05,7200,31,812000,H\n";

    private static (string, string, double, double, double, double, double, string?)[] Read(PracticeSet set) =>
        set.Practices.Select(p => (p.Code, p.Name, p.Easting, p.Northing, p.Patients, p.Deprivation, p.Spend, p.Group)).ToArray();

    [Fact]
    public void A_file_separated_by_tabs_reads_as_the_same_file_separated_by_commas()
    {
        var options = new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } };
        var tabs = (Header + Rows).Replace("\"Smith, Jones\"", "Smith, Jones").Replace(',', '\t').Replace("Smith\t Jones", "Smith, Jones");
        Assert.Equal(Read(TestPractices.FromCsv(Header + Rows, options)), Read(TestPractices.FromCsv(tabs, options)));
    }

    [Fact]
    public void A_file_separated_by_semicolons_reads_decimal_commas_as_numbers()
    {
        var options = new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } };
        var semicolons = Header.Replace(',', ';') +
            "A1;Smith, Jones;52,5;-1,9;5000;20,25;610000,5;G\n" +
            "A2;Park Surgery;52,6125;-2,05;7200;31;812000;H\n";
        var set = TestPractices.FromCsv(semicolons, options);
        Assert.Equal(Read(TestPractices.FromCsv(Header + Rows, options)), Read(set));
        Assert.Equal("Smith, Jones", set.Practices[0].Name);
    }

    [Fact]
    public void A_comma_file_keeps_commas_even_when_names_hold_semicolons_and_tabs()
    {
        var set = TestPractices.FromCsv("practice_code,name,lat,lon,list_size\nA1,Smith; Jones\tand Partners,52.5,-1.9,5000\n");
        Assert.Equal(("Smith; Jones\tand Partners", 5000.0), (Assert.Single(set.Practices).Name, set.Practices[0].Patients));
        // A header mostly separated by semicolons is a semicolon file even when one of its names holds a comma.
        var semicolons = TestPractices.FromCsv("practice_code;name;lat;lon;list_size;weighted, need\nA1;Smith;52,5;-1,9;5000;5100\n");
        Assert.Equal((52.5, 5000.0), (semicolons.Practices[0].Latitude, semicolons.Practices[0].Patients));
    }

    [Fact]
    public void Numbers_grouped_in_thousands_as_spreadsheets_write_them_are_read()
    {
        var commas = TestPractices.FromCsv("practice_code,name,lat,lon,list_size,spend\n" +
            "A1,\"Smith, Jones\",52.5,-1.9,\"11,438\",\"£1,739,475.89\"\nA2,\"1,234\",52.6,-1.9,900,1227538.93\n");
        Assert.Equal((11438.0, 1739475.89), (commas.Practices[0].Patients, commas.Practices[0].Spend));
        Assert.Equal((900.0, 1227538.93), (commas.Practices[1].Patients, commas.Practices[1].Spend));
        // A name is never a number column, whatever one of its values looks like.
        Assert.Equal("1,234", commas.Practices[1].Name);
        var semicolons = TestPractices.FromCsv("practice_code;name;lat;lon;list_size;spend;imd_score\n" +
            "A1;Smith;52,5;-1,9;11.438;1.739.475,89;20.125\nA2;Jones;52,6;-1,9;900;1227538;31.5\n");
        Assert.Equal((11438.0, 1739475.89), (semicolons.Practices[0].Patients, semicolons.Practices[0].Spend));
        // A column whose points are not all thousands marks keeps them as decimal points.
        Assert.Equal((20.125, 31.5), (semicolons.Practices[0].Deprivation, semicolons.Practices[1].Deprivation));
    }

    [Fact]
    public void A_column_that_mixes_decimal_marks_is_refused_by_value_and_a_row_too_wide_names_the_separator()
    {
        var e = TestPractices.CsvProblems("practice_code;name;lat;lon;list_size;imd_score\n" +
            "A1;Smith;52,5;-1,9;5000;20.25\n" +
            "A2;Jones;52,5;-1,9;5000;31,5\n" +
            "A3;Smith; Jones;52,5;-1,9;5000;20\n");
        Assert.Equal(2, e.Problems.Count);
        var value = Assert.Single(e.Problems, p => p.Where == "line 3");
        Assert.Equal(("imd_score", "31,5"), (value.Field, value.Value));
        var wide = Assert.Single(e.Problems, p => p.Where == "line 4");
        Assert.Contains("separated by semicolons", wide.Message);
        Assert.Contains("The row has 7 fields but the header has 6.", wide.Message);
    }

    [Theory]
    [InlineData("11,438", false, true)]
    [InlineData("1,739,475.89", false, true)]
    [InlineData("-0.5", false, true)]
    [InlineData("1234,567", false, false)]
    [InlineData("1,23", false, false)]
    [InlineData(",123", false, false)]
    [InlineData("1,234.", false, false)]
    [InlineData("51,4532", true, true)]
    [InlineData("1.739.475,89", true, true)]
    [InlineData("20.125", true, true)]
    [InlineData("20.25", true, false)]
    [InlineData("1.234,5,6", true, false)]
    [InlineData("", true, false)]
    [InlineData("12a", false, false)]
    [InlineData("£1,739,475.89", false, true)]
    [InlineData("-£5.50", false, true)]
    [InlineData("£-5.50", false, true)]
    [InlineData("££5", false, false)]
    [InlineData("£", false, false)]
    [InlineData("£1.739,5", true, true)]
    public void Spreadsheet_number_forms(string text, bool decimalComma, bool fits) =>
        Assert.Equal(fits, SpreadsheetNumbers.Fits(text, decimalComma));

    [Fact]
    public void A_csv_saved_by_excel_in_windows_1252_keeps_its_names_and_says_so()
    {
        // "St John’s Café £" in Windows-1252: 0x92 is the curly apostrophe, 0xE9 é, 0xA3 £; none is valid UTF-8 alone.
        var text = Header + "A1,Park Surgery,52.5,-1.9,5000,20,1,G\nA2,St John\u2019s Caf\u00e9 \u00a3,52.6,-1.9,6000,21,1,G\n";
        var bytes = Encoding.Latin1.GetBytes(text.Replace('\u2019', '\u0092'));
        Assert.Contains((byte)0x92, bytes);
        var set = PracticeReader.Read(new MemoryStream(bytes));
        Assert.Equal("St John\u2019s Caf\u00e9 \u00a3", set.Practices[1].Name);
        var warning = Assert.Single(set.Warnings, w => w.Message.Contains("Windows-1252"));
        Assert.Equal("line 3", warning.Where);
        // The same names in UTF-8: read as written, with no such warning.
        var utf8 = TestPractices.FromCsv(text);
        Assert.Equal(set.Practices[1].Name, utf8.Practices[1].Name);
        Assert.DoesNotContain(utf8.Warnings, w => w.Message.Contains("Windows-1252"));
    }

    [Fact]
    public void A_csv_with_a_utf8_byte_order_mark_is_read_as_utf8_even_with_a_stray_byte()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Header + "A1,Caf")).Concat(new byte[] { 0xE9 })
            .Concat(Encoding.UTF8.GetBytes(",52.5,-1.9,5000,20,1,G\n")).ToArray();
        var set = PracticeReader.Read(new MemoryStream(bytes));
        Assert.Equal(("A1", "Caf\uFFFD"), (set.Practices[0].Code, set.Practices[0].Name));
        Assert.DoesNotContain(set.Warnings, w => w.Message.Contains("Windows-1252"));
    }

    [Fact]
    public void Invalid_json_is_reported_as_such()
    {
        var e = Assert.Throws<InputException>(() => Geo("{\"type\":\"FeatureCollection\",\"features\":["));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void A_geojson_that_is_not_a_feature_collection_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Geo("""{"type":"Point","coordinates":[-1.9,52.5]}"""));
        Assert.Contains("must be a FeatureCollection", e.Message);
    }
}
