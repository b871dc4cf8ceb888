using System.Text.Json;

namespace Partitioner.Cli.Tests.Commands;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Evaluating_the_bundled_region_by_its_grouping_writes_three_files_and_a_summary()
    {
        var dir = CliRun.TempDir("eval");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--boundary", "data/region/boundary.geojson", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("8 consortia for 300 practices", r.StandardOutput);
        Assert.Contains("bridged a part of 4 practice(s)", r.StandardError);
        foreach (var f in new[] { "consortia.geojson", "practices.geojson", "report.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(8, report.RootElement.GetProperty("summary").GetProperty("consortia").GetInt32());
        Assert.Equal("ccg_code", report.RootElement.GetProperty("parameters").GetProperty("group_by").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("bridges").GetArrayLength());
    }

    [Fact]
    public void A_plan_breaking_a_rule_exits_with_3_and_names_the_rule()
    {
        var dir = CliRun.TempDir("eval-broken");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--min", "400000", "--out", dir);
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("break below minimum", r.StandardOutput);
    }

    [Fact]
    public void A_mapping_file_can_stand_in_for_the_grouping_field()
    {
        var dir = CliRun.TempDir("eval-map");
        var practices = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRun.RepositoryRoot, "data/region/practices.geojson")));
        var lines = new List<string> { "practice_code,consortium" };
        foreach (var f in practices.RootElement.GetProperty("features").EnumerateArray())
        {
            var code = f.GetProperty("properties").GetProperty("practice_code").GetString()!;
            lines.Add($"{code},{(string.CompareOrdinal(code, "N00150") < 0 ? "\"West, and Wold\"" : "East")}");
        }
        var map = Path.Combine(dir, "map.csv");
        File.WriteAllLines(map, lines);
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--mapping", map, "--max", "5000000", "--out", dir);
        Assert.True(r.ExitCode is 0 or 3, r.ToString());
        Assert.Contains("2 consortia for 300 practices", r.StandardOutput);
        // A quoted name keeps its comma.
        Assert.Contains("\"West, and Wold\"", File.ReadAllText(Path.Combine(dir, "consortia.geojson")));
    }

    [Fact]
    public void A_solved_plan_s_consortia_layer_given_back_as_the_mapping_is_the_same_plan()
    {
        var dir = CliRun.TempDir("eval-drawn");
        var solved = Path.Combine(dir, "solved");
        var solve = CliRun.Run("solve", "data/region/practices.geojson", "--max-steps", "20000", "--seed", "2", "--format", "gpkg", "--out", solved);
        Assert.True(solve.ExitCode == 0, solve.ToString());
        static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json"))).RootElement.GetProperty("summary");
        var a = Summary(solved);
        // The GeoJSON layer, and the GeoPackage (British National Grid) that QGIS would edit.
        foreach (var drawn in new[] { "consortia.geojson", "plan.gpkg" })
        {
            var checkedDir = Path.Combine(dir, "checked-" + drawn);
            var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--mapping", Path.Combine(solved, drawn), "--out", checkedDir);
            Assert.True(r.ExitCode == 0, r.ToString());
            var b = Summary(checkedDir);
            Assert.Equal(a.GetProperty("consortia").GetInt32(), b.GetProperty("consortia").GetInt32());
            Assert.Equal(a.GetProperty("total_inertia_km2").GetDouble(), b.GetProperty("total_inertia_km2").GetDouble());
        }
        // The GeoPackage's practices layer, grouped by the consortium each joined, is the same plan again.
        var fromLayer = Path.Combine(dir, "checked-practices-layer");
        var p = CliRun.Run("evaluate", Path.Combine(solved, "plan.gpkg"), "--group-by", "consortium", "--out", fromLayer);
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Equal(a.GetProperty("total_inertia_km2").GetDouble(), Summary(fromLayer).GetProperty("total_inertia_km2").GetDouble());
    }

    [Fact]
    public void Bad_input_exits_with_2_and_lists_every_problem_with_its_line()
    {
        var dir = CliRun.TempDir("eval-bad");
        var csv = Path.Combine(dir, "bad.csv");
        File.WriteAllText(csv, "practice_code,lat,lon,list_size,ccg_code\nA1,52.5,-1.9,5000,X\nA1,52.5,-1.9,lots,X\nA3,-1.9,52.5,4000,X\n");
        var r = CliRun.Run("evaluate", csv, "--group-by", "ccg_code", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line 3, field 'practice_code', value 'A1': Duplicate practice code", r.StandardError);
        Assert.Contains("line 3, field 'list_size', value 'lots'", r.StandardError);
        Assert.Contains("line 4", r.StandardError);
        Assert.Contains("appear swapped", r.StandardError);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")), "nothing is written for bad input");
    }

    [Fact]
    public void Bad_options_are_explained()
    {
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--balance", "deprivation=lots", "--out", CliRun.TempDir("opt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("The tolerance must be a number", r.StandardError);
        var missing = CliRun.Run("evaluate", "no/such/file.csv", "--group-by", "ccg_code", "--out", CliRun.TempDir("opt2"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.StandardError);
    }

    [Fact]
    public void Neither_or_both_plan_sources_is_refused()
    {
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--out", CliRun.TempDir("none"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("either --group-by FIELD or --mapping FILE", r.StandardError);
    }
}
