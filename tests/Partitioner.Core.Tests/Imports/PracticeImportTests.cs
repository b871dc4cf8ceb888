using System.Globalization;
using System.Text;
using Partitioner.Core.Imports;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Tests.Imports;

public sealed class PracticeImportTests
{
    private const string PaymentsHeader = "CCG Code,Practice Code,Practice Name,Practice Postcode,Practice Open Date,Practice Close Date,Number of Registered Patients (Last Known Figure),Number of Weighted Patients (Last Known Figure),Total NHS Payments to General Practice\n";
    private const string Postcodes = "postcode,easting,northing,lat,lon\nTS18 1HU,444139,518708,54.561687,-1.318938\nSK12 2BB,397553,384569,53.357994,-2.038229\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("partitioner-import-").FullName;

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private ImportResult Run(string payments, ImportOptions? options = null, string? patients = null, string? imd = null, string? sectors = null) =>
        PracticeImport.Run(new ImportSources
        {
            Payments = File("payments.csv", PaymentsHeader + payments),
            Postcodes = File("postcodes.csv", Postcodes),
            Patients = patients is null ? null : File("patients.csv", patients),
            Deprivation = imd is null ? null : File("imd.csv", imd),
            Sectors = sectors is null ? null : File("sectors.csv", sectors),
        }, options);

    [Fact]
    public void Payments_and_postcodes_give_list_sizes_weighted_list_sizes_spend_and_coordinates()
    {
        var r = Run("00K,A81001,The Densham Surgery,TS181HU,-,-,\"4,152\",4685.4,£621856.50\n");
        var p = Assert.Single(r.Practices);
        Assert.Equal(("A81001", "The Densham Surgery", "TS18 1HU", "00K"), (p.Code, p.Name, p.Postcode, p.Group));
        Assert.Equal((4152.0, 4685.0, 621856.5), (p.Patients, p.WeightedPatients, p.Spend));
        Assert.Equal((-1.318938, 54.561687, 444139.0), (p.Longitude, p.Latitude, p.Easting!.Value));
        Assert.True(double.IsNaN(p.Deprivation));
        Assert.Empty(r.Unplaced);
    }

    [Fact]
    public void A_closed_practice_is_left_out_with_a_warning_naming_it_and_its_date()
    {
        const string rows = "00K,A81001,Open,TS181HU,-,-,4152,4685,1000\n01C,N81112,Closed,SK122BB,-,30/06/2014,4597,4685,2000\n";
        var r = Run(rows);
        Assert.Equal("A81001", Assert.Single(r.Practices).Code);
        var w = Assert.Single(r.LeftOut);
        Assert.Contains("N81112 closed on 2014-06-30", w.Message);
        Assert.Equal("payments.csv line 3", w.Where);

        var asOf = Run(rows, new ImportOptions { AsOf = new DateOnly(2014, 4, 1) });
        Assert.Equal(2, asOf.Practices.Count);
        var later = Run(rows, new ImportOptions { AsOf = new DateOnly(2015, 3, 31) });
        Assert.Contains("before the data's date 2015-03-31", Assert.Single(later.LeftOut).Message);
    }

    [Fact]
    public void A_practice_without_patients_is_left_out_and_an_unknown_postcode_is_named_with_the_reason()
    {
        var r = Run("00K,A81001,Empty,TS181HU,-,-,0,0,1000\n00K,A81002,Far,ZZ99 9ZZ,-,-,100,100,1000\n00K,A81003,None,,-,-,100,100,1000\n");
        Assert.Empty(r.Practices);
        Assert.Contains("no registered patients", Assert.Single(r.LeftOut).Message);
        Assert.Equal(["A81002", "A81003"], r.Unplaced.Select(u => u.Code));
        Assert.Contains("not in the postcode table", r.Unplaced[0].Reason);
        Assert.Equal("ZZ99 9ZZ", r.Unplaced[0].Postcode);
        Assert.Contains("no postcode", r.Unplaced[1].Reason);
    }

    [Fact]
    public void A_sector_table_places_a_postcode_the_table_lacks()
    {
        var r = Run("00K,A81002,New,TS18 9ZZ,-,-,100,100,1000\n", sectors: "sector,easting,northing,lat,lon,n_postcodes\nTS18 9,444000,518000,54.55,-1.32,12\n");
        var p = Assert.Single(r.Practices);
        Assert.Equal(("postcode_sector", 54.55, -1.32), (p.CoordinateSource, p.Latitude, p.Longitude));
    }

    [Fact]
    public void The_registered_patients_file_replaces_the_payments_list_size_and_the_imd_year_is_chosen()
    {
        var patients = "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n" +
                       "GP_PRAC_PAT_LIST,01JAN2021,GP,00K,E38000001,A81001,TS18 1HU,ALL,ALL,5903\nGP_PRAC_PAT_LIST,01JAN2021,GP,00K,E38000001,A81001,TS18 1HU,MALE,ALL,2900\n";
        var imd = "IndicatorID,Year,AreaCode,AreaName,IsAreaCurrent,Value\n93553,2010,A81001,X,1,25.07512244\n93553,2015,A81001,X,1,29.14031034\n93553,2019,A81001,X,1,31.5\n";
        var r = Run("00K,A81001,X,TS181HU,-,-,4152,4685,1000\n01C,N81112,Y,SK122BB,-,-,4597,4685,2000\n", new ImportOptions { DeprivationYear = 2015 }, patients, imd);
        Assert.Equal((5903.0, 29.14031034), (r.Practices[0].Patients, r.Practices[0].Deprivation));
        Assert.Equal(4597.0, r.Practices[1].Patients);
        Assert.Contains("not in the registered-patients file", Assert.Single(r.Notes).Message);
        var latest = Run("00K,A81001,X,TS181HU,-,-,4152,4685,1000\n", imd: imd);
        Assert.Equal(31.5, latest.Practices[0].Deprivation);
    }

    [Fact]
    public void Bad_values_in_the_sources_are_refused_naming_file_line_column_and_value()
    {
        var e = Assert.Throws<InputException>(() => Run("00K,A81001,X,TS181HU,-,someday,lots,4685,1000\n00K,A81001,Y,TS181HU,-,-,1,1,1\n"));
        Assert.Contains(e.Problems, p => p is { Where: "payments.csv line 2", Field: "Practice Close Date", Value: "someday" });
        Assert.Contains(e.Problems, p => p is { Where: "payments.csv line 2", Field: "Number of Registered Patients (Last Known Figure)", Value: "lots" });
        Assert.Contains(e.Problems, p => p.Where == "payments.csv line 3" && p.Message.Contains("appears twice (first at payments.csv line 2)"));
    }

    [Fact]
    public void A_payments_file_without_the_list_size_column_is_refused_naming_the_column()
    {
        var path = File("payments.csv", "Practice Code,Practice Postcode,Total NHS Payments to General Practice\nA1,TS181HU,1\n");
        var e = Assert.Throws<InputException>(() => PracticeImport.Run(new ImportSources { Payments = path, Postcodes = File("postcodes.csv", Postcodes) }));
        Assert.Contains("Number of Registered Patients (Last Known Figure)", Assert.Single(e.Problems).Message);
    }

    [Fact]
    public void The_written_file_reads_back_with_the_default_column_names()
    {
        var r = Run("00K,A81001,\"Drs Smith, Jones & \"\"Partners\"\"\",TS181HU,-,-,4152,4685,621856.5\n");
        using var buffer = new MemoryStream();
        PracticeImport.WriteCsv(buffer, r.Practices);
        buffer.Position = 0;
        var set = PracticeReader.Read(buffer, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var p = Assert.Single(set.Practices);
        Assert.Equal(("A81001", "Drs Smith, Jones & \"Partners\"", 4152.0, 621856.5, "00K"), (p.Code, p.Name, p.Patients, p.Spend, p.Group));
        Assert.Equal(4685.0, p.Properties.Single(x => x.Name == "weighted_list_size").Value);
        Assert.Equal(54.561687, p.Latitude, 9);
    }
}
