using System.Globalization;
using Partitioner.Core.Imports;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Imports;

/// <summary>The import on the real raw 2014/15 files reproduces the joined 2014/15 practice table.</summary>
public sealed class RealImportTests
{
    private static Dictionary<string, Dictionary<string, string>> Table()
    {
        var lines = File.ReadAllLines(Support.RealData.Practices2014);
        var header = lines[0].Split(',');
        var rows = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var fields = SplitCsv(line);
            var row = new Dictionary<string, string>();
            for (int i = 0; i < header.Length; i++) row[header[i]] = fields[i];
            rows[row["practice_code"]] = row;
        }
        return rows;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted) { if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; } else if (c == '"') quoted = false; else sb.Append(c); }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    private static double Number(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    [RealDataFact]
    public void Importing_the_raw_2014_15_files_reproduces_the_practice_tables_list_sizes_imd_and_spend()
    {
        var folder = Support.RealData.Folder!;
        var result = PracticeImport.Run(new ImportSources
        {
            Payments = Path.Combine(folder, "raw", "nhs_payments_to_general_practice_2014_15.csv"),
            Deprivation = Path.Combine(folder, "raw", "imd_score_by_practice_2010_2015_2019.csv"),
            Postcodes = Path.Combine(folder, "geocoding", "practice_postcodes_codepoint2014.csv"),
            Sectors = Path.Combine(folder, "geocoding", "postcode_sector_centroids_codepoint2014.csv"),
        }, new ImportOptions { DeprivationYear = 2015 });
        var table = Table();

        // Every practice of the payments file is placed, left out with a warning, or named as not placed.
        Assert.Equal(table.Count, result.Practices.Count + result.LeftOut.Count + result.Unplaced.Count);
        Assert.True(result.Practices.Count > 7_700, $"{result.Practices.Count} placed");
        Assert.All(result.Unplaced, u => Assert.False(string.IsNullOrEmpty(u.Reason)));
        // The table keeps 144 closed practices; the import leaves every one of them out.
        int closed = table.Values.Count(r => r["close_date"].Length > 0);
        Assert.Equal(closed, result.LeftOut.Count(w => w.Message.Contains("closed on", StringComparison.Ordinal)));

        foreach (var p in result.Practices)
        {
            var row = table[p.Code];
            Assert.True(row["close_date"].Length == 0, $"{p.Code} is closed in the table");
            Assert.Equal(Number(row["list_size"]), p.Patients);
            Assert.Equal(Number(row["weighted_list_size"]), p.WeightedPatients);
            Assert.Equal(Number(row["spend"]), p.Spend, 2);
            double imd = Number(row["imd_score"]);
            if (double.IsNaN(imd)) Assert.True(double.IsNaN(p.Deprivation), $"{p.Code}: IMD {p.Deprivation} where the table has none");
            else Assert.True(Math.Abs(imd - p.Deprivation) <= 0.00005 + 1e-9, $"{p.Code}: IMD {p.Deprivation} against {imd} (the table rounds to 4 decimals)");
            Assert.Equal(row["ccg_code"], p.Group);
            Assert.Equal(row["postcode"], p.Postcode);
            if (p.CoordinateSource == "postcode")
            {
                Assert.Equal(Number(row["lat"]), p.Latitude, 5);
                Assert.Equal(Number(row["lon"]), p.Longitude, 5);
            }
        }
    }

    [RealDataFact]
    public void The_registered_patients_file_gives_the_list_sizes_of_the_practices_it_holds()
    {
        var folder = Support.RealData.Folder!;
        var patientsFile = Path.Combine(folder, "raw", "gp_registered_patients_2021_01.csv");
        var result = PracticeImport.Run(new ImportSources
        {
            Payments = Path.Combine(folder, "raw", "nhs_payments_to_general_practice_2021_22.csv"),
            Patients = patientsFile,
            Postcodes = Path.Combine(folder, "geocoding", "practice_postcodes_codepoint2014.csv"),
            Sectors = Path.Combine(folder, "geocoding", "postcode_sector_centroids_codepoint2014.csv"),
        }, new ImportOptions { AsOf = new DateOnly(2021, 1, 1) });
        var registered = File.ReadLines(patientsFile).Skip(1).Select(l => l.Split(','))
            .Where(f => f[7] == "ALL" && f[8] == "ALL").ToDictionary(f => f[5], f => double.Parse(f[9], CultureInfo.InvariantCulture));
        int fromPatientsFile = 0;
        foreach (var p in result.Practices)
        {
            if (!registered.TryGetValue(p.Code, out double n)) continue;
            Assert.Equal(n, p.Patients);
            fromPatientsFile++;
        }
        Assert.True(fromPatientsFile > 6_000, $"{fromPatientsFile} practices took their list size from the registered-patients file");
        Assert.All(result.Notes, n => Assert.Contains("not in the registered-patients file", n.Message));
    }
}
