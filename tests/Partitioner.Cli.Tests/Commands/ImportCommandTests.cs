using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Cli.Tests.Commands;

public sealed class ImportCommandTests
{
    [RealDataFact]
    public void Importing_the_real_raw_files_writes_a_practice_file_that_evaluate_reads_and_names_what_it_left_out()
    {
        var dir = CliRun.TempDir("import");
        var raw = Path.Combine(RealData.Folder!, "raw");
        var geocoding = Path.Combine(RealData.Folder!, "geocoding");
        var output = Path.Combine(dir, "practices.csv");
        var r = CliRun.Run("import",
            "--payments", Path.Combine(raw, "nhs_payments_to_general_practice_2014_15.csv"),
            "--imd", Path.Combine(raw, "imd_score_by_practice_2010_2015_2019.csv"), "--imd-year", "2015",
            "--postcodes", Path.Combine(geocoding, "practice_postcodes_codepoint2014.csv"),
            "--sectors", Path.Combine(geocoding, "postcode_sector_centroids_codepoint2014.csv"),
            "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("left out: nhs_payments_to_general_practice_2014_15.csv line ", r.StandardError);
        Assert.Contains("closed on", r.StandardError);
        Assert.Contains("not placed: N81122 Westbrook Medical Centre (WA5 5FU): the postcode is not in the postcode table", r.StandardError);
        var set = PracticeReader.ReadFile(output, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        Assert.True(set.Count > 7_700, $"{set.Count} practices");
        Assert.Contains($"Wrote {set.Count:N0} practices", r.StandardOutput);

        var evaluation = CliRun.Run("evaluate", output, "--group-by", "ccg_code", "--out", Path.Combine(dir, "ccgs"));
        Assert.True(evaluation.ExitCode is 0 or 3, evaluation.ToString());
        Assert.Contains("211 consortia", evaluation.StandardOutput);
    }

    [Fact]
    public void A_missing_payments_file_exits_with_2_naming_it()
    {
        var dir = CliRun.TempDir("import-missing");
        var r = CliRun.Run("import", "--payments", Path.Combine(dir, "nope.csv"), "--postcodes", Path.Combine(dir, "pc.csv"), "--out", Path.Combine(dir, "out.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nope.csv", r.StandardError);
        Assert.Contains("does not exist", r.StandardError);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
    }
}
