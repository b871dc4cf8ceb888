using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Partitioner.Cli.Tests.Commands;

/// <summary>Federations, agencies, the risk rule, the moves budget and the mosaic on the command line.</summary>
public sealed class LevelsCommandTests
{
    [Fact]
    public void Support_agencies_take_their_own_count_and_preference_as_federations_do()
    {
        string[] solve = ["solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--max-steps", "100000",
            "--federations", "500000", "--agencies", "1000000", "--agency-max", "100000000", "--group-by", "ccg_code"];
        int Agencies(string dir, params string[] more)
        {
            var r = CliRun.Run([.. solve, .. more, "--out", dir]);
            Assert.True(r.ExitCode == 0, r.ToString());
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
            return report.RootElement.GetProperty("levels")[2].GetProperty("count").GetInt32();
        }
        int most = Agencies(CliRun.TempDir("agencies-most"), "--agency-prefer", "most");
        int one = Agencies(CliRun.TempDir("agencies-one"), "--agency-count-max", "1");
        Assert.True(most > 1, $"the region's federations make {most} agencies at most, so a count of at most one proves nothing");
        Assert.Equal(1, one);
        var bad = CliRun.Run([.. solve, "--agency-prefer", "sideways", "--out", CliRun.TempDir("agencies-bad")]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--agency-prefer", bad.StandardError);
    }

    [Fact]
    public void Solve_with_federations_and_agencies_writes_a_layer_per_level_and_one_geopackage()
    {
        var dir = CliRun.TempDir("levels");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--max-steps", "100000",
            "--federations", "500000", "--agencies", "1000000", "--group-by", "ccg_code", "--format", "gpkg", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("federations for 300 practices", r.StandardOutput);
        Assert.Contains("agencies for 300 practices", r.StandardOutput);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var root = report.RootElement;
        var levels = root.GetProperty("levels").EnumerateArray().ToArray();
        Assert.Equal(["consortium", "federation", "agency"], levels.Select(l => l.GetProperty("level").GetString()!).ToArray());
        Assert.All(levels, l => Assert.True(l.GetProperty("meets_all_rules").GetBoolean()));
        Assert.True(levels[1].GetProperty("smallest_patients").GetDouble() >= 500_000);
        // Every parameter that shaped the plan is in the report.
        var p = root.GetProperty("parameters");
        Assert.Equal("ccg_code", p.GetProperty("group_by").GetString());
        Assert.Equal(500_000, p.GetProperty("levels").GetProperty("federations").GetProperty("min_patients").GetDouble());
        Assert.Equal(0, p.GetProperty("objective").GetProperty("disruption").GetDouble());
        Assert.Equal(JsonValueKind.Object, p.GetProperty("locks").ValueKind);
        Assert.True(root.TryGetProperty("transition", out _));
        Assert.Equal("weighted_list_size", root.GetProperty("fair_share").GetProperty("basis").GetString());

        using var db = new SqliteConnection($"Data Source={Path.Combine(dir, "plan.gpkg")};Mode=ReadOnly;Pooling=False");
        db.Open();
        foreach (var (table, level) in new[] { ("consortia", 0), ("federations", 1), ("agencies", 2) })
            Assert.Equal(levels[level].GetProperty("count").GetInt64(), Scalar(db, $"SELECT count(*) FROM {table}"));
        Assert.Equal(300L, Scalar(db, "SELECT count(*) FROM practices"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM consortia c WHERE federation NOT IN (SELECT name FROM federations)"));
    }

    [Fact]
    public void Solve_with_federations_and_localities_writes_the_whole_nest_in_one_run()
    {
        var dir = CliRun.TempDir("levels-localities");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson", "--max-steps", "100000",
            "--federations", "500000", "--localities", "30000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var levels = report.RootElement.GetProperty("levels").EnumerateArray().ToArray();
        Assert.Equal(["locality", "consortium", "federation"], levels.Select(l => l.GetProperty("level").GetString()!).ToArray());
        Assert.All(levels, l => Assert.True(l.GetProperty("meets_all_rules").GetBoolean()));
        Assert.True(File.Exists(Path.Combine(dir, "localities.geojson")));
        // Practice → locality → consortium → federation: every locality lies in one consortium, every consortium in one federation.
        using var practices = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "practices.geojson")));
        var rows = practices.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Select(p => (Locality: p.GetProperty("locality").GetString()!, Consortium: p.GetProperty("consortium").GetString()!, Federation: p.GetProperty("federation").GetString()!))
            .ToList();
        Assert.Equal(300, rows.Count);
        Assert.All(rows.GroupBy(x => x.Locality), g => Assert.Single(g.Select(x => x.Consortium).Distinct()));
        Assert.All(rows.GroupBy(x => x.Consortium), g => Assert.Single(g.Select(x => x.Federation).Distinct()));
        Assert.Equal(levels[0].GetProperty("count").GetInt32(), rows.Select(x => x.Locality).Distinct().Count());
    }

    [Fact]
    public void Federate_groups_an_existing_plans_consortia_and_measures_given_federations()
    {
        var solved = CliRun.TempDir("federate");
        var r = CliRun.Run("federate", "data/region/practices.geojson", "--group-by", "ccg_code", "--federations", "500000", "--max-steps", "50000", "--out", solved);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(solved, "federations.geojson")));

        var table = Path.Combine(CliRun.TempDir("federate-table"), "federations.csv");
        File.WriteAllText(table, "ccg,federation\nR01,North\nR02,North\nR03,North\nR04,North\nR05,South\nR06,South\nR07,South\nR08,South\n");
        var given = CliRun.TempDir("federate-given");
        r = CliRun.Run("federate", "data/region/practices.geojson", "--group-by", "ccg_code", "--federation-mapping", table, "--out", given);
        Assert.True(r.ExitCode is 0 or 3, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(given, "report.json")));
        var federation = report.RootElement.GetProperty("levels")[1];
        Assert.Equal(2, federation.GetProperty("count").GetInt32());
        Assert.Equal("federations.csv", federation.GetProperty("source").GetString());
        var north = federation.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "North");
        Assert.Equal(4, north.GetProperty("consortia").GetArrayLength());
    }

    [Fact]
    public void A_mapping_that_misses_a_consortium_is_refused_naming_it()
    {
        var table = Path.Combine(CliRun.TempDir("federate-bad"), "federations.csv");
        File.WriteAllText(table, "ccg,federation\nR01,North\n");
        var r = CliRun.Run("federate", "data/region/practices.geojson", "--group-by", "ccg_code", "--federation-mapping", table, "--out", CliRun.TempDir("federate-bad-out"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("R02", r.StandardError);
    }

    [Theory]
    [InlineData("--agencies", "1000000")]
    [InlineData("--max-moves", "10")]
    [InlineData("--max-overspend-risk", "1.5")]
    [InlineData("--mosaic-density", "5000")]
    public void Incomplete_or_impossible_level_options_are_refused_before_any_work(string option, string value)
    {
        var dir = CliRun.TempDir("levels-bad");
        var r = CliRun.Run("solve", "data/region/practices.geojson", option, value, "--out", dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_moves_budget_starts_from_the_current_map_and_reports_how_close_it_gets()
    {
        var dir = CliRun.TempDir("moves");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--group-by", "ccg_code", "--balance", "deprivation=0.05", "--max-moves", "6", "--out", dir);
        Assert.True(r.ExitCode is 0 or 3, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var moves = report.RootElement.GetProperty("moves_budget");
        Assert.InRange(moves.GetProperty("practices_moved").GetInt32(), 0, 6);
        Assert.True(moves.GetProperty("violation_after").GetDouble() <= moves.GetProperty("violation_before").GetDouble());
        Assert.Equal(8, report.RootElement.GetProperty("summary").GetProperty("consortia").GetInt32());
    }

    [Fact]
    public void A_risk_rule_raises_the_minimum_to_the_population_floor()
    {
        var dir = CliRun.TempDir("risk-rule");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--max-overspend-risk", "0.05", "--risk-reserve", "0.01", "--max-steps", "50000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var rule = report.RootElement.GetProperty("overspend_risk_rule");
        // cv² (z / r)² = 3.45² × (1.6449 / 0.01)² ≈ 322,038 patients.
        Assert.InRange(rule.GetProperty("population_floor").GetDouble(), 322_000, 322_100);
        Assert.All(report.RootElement.GetProperty("overspend_risk").GetProperty("consortia").EnumerateArray(),
            c => Assert.True(c.GetProperty("1%").GetDouble() <= 5.0, c.ToString()));
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
