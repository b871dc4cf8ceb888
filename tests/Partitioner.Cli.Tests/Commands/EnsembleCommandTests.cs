using System.Text.Json;

namespace Partitioner.Cli.Tests.Commands;

public sealed class EnsembleCommandTests
{
    private static readonly string[] Region = ["data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--count", "8"];

    private static CliRun.Output Ensemble(string dir, params string[] more) =>
        CliRun.Run(["ensemble", .. Region, "--plans", "120", "--chains", "4", "--thin", "20", "--group-by", "ccg_code", "--out", dir, .. more]);

    [Fact]
    public void An_ensemble_of_the_region_writes_its_files_and_says_whether_to_trust_it()
    {
        var dir = CliRun.TempDir("ensemble");
        var r = Ensemble(dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("120 valid plans of 8 consortia", r.StandardOutput);
        Assert.Contains("split R-hat", r.StandardOutput);
        Assert.Matches("(Too short to trust|Converged by the usual rule)", r.StandardOutput);
        foreach (var f in new[] { "ensemble.json", "plans.csv", "assignments.bin", "practices.csv", "coassignment.csv", "coassignment.geojson", "cores.geojson" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "ensemble.json")));
        var root = summary.RootElement;
        Assert.Equal(120, root.GetProperty("plans").GetInt32());
        Assert.Equal(8, root.GetProperty("consortia").GetInt32());
        int distinct = root.GetProperty("distinct_plans").GetInt32();
        Assert.InRange(distinct, 1, 120);
        Assert.Contains($"120 valid plans of 8 consortia ({distinct} distinct)", r.StandardOutput);
        Assert.Equal(distinct < 120, r.StandardOutput.Contains($"{120 - distinct} records repeat a plan recorded before", StringComparison.Ordinal));
        Assert.Equal("ccg_code", root.GetProperty("parameters").GetProperty("group_by").GetString());
        var header = File.ReadLines(Path.Combine(dir, "plans.csv")).First();
        Assert.Equal("plan,chain,step,count,cut_edges,deprivation_worst_pct,deprivation_spread_pct,spend_worst_pct,spend_spread_pct,inertia_km2,polsby_popper_mean,polsby_popper_min,disruption_pct", header);
        Assert.Equal(121, File.ReadLines(Path.Combine(dir, "plans.csv")).Count());
    }

    [Fact]
    public void The_same_seed_writes_the_same_ensemble_on_one_thread_and_on_four()
    {
        var one = CliRun.TempDir("ensemble-1");
        var four = CliRun.TempDir("ensemble-4");
        Assert.Equal(0, Ensemble(one, "--threads", "1", "--seed", "9").ExitCode);
        Assert.Equal(0, Ensemble(four, "--threads", "4", "--seed", "9").ExitCode);
        foreach (var f in new[] { "plans.csv", "assignments.bin", "coassignment.csv", "cores.geojson" })
            Assert.True(File.ReadAllBytes(Path.Combine(one, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(four, f))), f);
    }

    [Fact]
    public void Without_a_count_the_count_min_and_max_bound_the_count_the_solver_chooses()
    {
        int Count(params string[] more)
        {
            var dir = CliRun.TempDir("ensemble-count");
            var r = CliRun.Run(["ensemble", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--plans", "20", "--chains", "2",
                "--thin", "5", "--burn-in", "20", "--out", dir, .. more]);
            Assert.True(r.ExitCode == 0, r.ToString());
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "ensemble.json")));
            return summary.RootElement.GetProperty("consortia").GetInt32();
        }
        int chosen = Count();
        Assert.Equal(chosen + 2, Count("--count-min", (chosen + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(chosen - 1, Count("--count-max", (chosen - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Bad_ensemble_options_exit_with_2_naming_each()
    {
        var r = CliRun.Run(["ensemble", .. Region, "--plans", "0", "--thin", "0", "--out", CliRun.TempDir("ensemble-bad")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("field 'plans', value '0'", r.StandardError);
        Assert.Contains("field 'thin', value '0'", r.StandardError);
    }

    [Fact]
    public void Evaluate_with_an_ensemble_writes_the_outlier_test_and_prints_the_findings()
    {
        var ensemble = CliRun.TempDir("ensemble-for-eval");
        Assert.Equal(0, Ensemble(ensemble).ExitCode);
        var dir = CliRun.TempDir("eval-ensemble");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--group-by", "ccg_code", "--ensemble", ensemble, "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Against 120 valid plans of 8 consortia:", r.StandardOutput);
        Assert.Contains("inertia_km2", r.StandardOutput);
        Assert.Matches("(No consortium is outside|consortia are outside) the central 95%", r.StandardOutput);
        using var outliers = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "outliers.json")));
        Assert.Equal(8, outliers.RootElement.GetProperty("consortia").GetArrayLength());
        Assert.Equal(10, outliers.RootElement.GetProperty("plan").GetArrayLength());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(120, report.RootElement.GetProperty("outliers").GetProperty("ensemble_plans").GetInt32());
        Assert.Equal(9, File.ReadLines(Path.Combine(dir, "outliers.csv")).Count());
    }

    [Fact]
    public void Evaluate_with_a_folder_that_holds_no_ensemble_exits_with_2()
    {
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--ensemble", CliRun.TempDir("not-an-ensemble"), "--out", CliRun.TempDir("eval-none"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No ensemble here: ensemble.json is missing", r.StandardError);
    }
}
