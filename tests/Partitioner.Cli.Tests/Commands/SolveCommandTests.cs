using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Partitioner.Cli.Tests.Commands;

public sealed class SolveCommandTests
{
    [Fact]
    public void The_help_names_every_objective_term_a_weight_can_be_given()
    {
        var r = CliRun.Run("solve", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        // The help wraps its descriptions, so look for each term in the text with the line breaks and indents taken out.
        string help = string.Join(" ", r.StandardOutput.Split('\n').Select(l => l.Trim()));
        Assert.NotEmpty(Partitioner.Core.Studies.RequestText.WeightedObjectiveTerms);
        foreach (string term in Partitioner.Core.Studies.RequestText.WeightedObjectiveTerms)
            Assert.Contains($"{term}=WEIGHT", help);
    }

    [Fact]
    public void Solving_the_bundled_region_writes_a_plan_that_meets_every_rule()
    {
        var dir = CliRun.TempDir("solve");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson",
            "--balance", "deprivation=0.1", "--max-steps", "200000", "--time", "60", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("meets every rule", r.StandardOutput);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var summary = report.RootElement.GetProperty("summary");
        Assert.True(summary.GetProperty("meets_all_rules").GetBoolean());
        Assert.Equal("feasible", report.RootElement.GetProperty("solver").GetProperty("status").GetString());
        Assert.InRange(summary.GetProperty("smallest_patients").GetDouble(), 100_000, 750_000);
        Assert.InRange(summary.GetProperty("largest_patients").GetDouble(), 100_000, 750_000);
    }

    [Fact]
    public void Localities_for_every_consortium_are_written_as_a_nested_layer_in_one_run()
    {
        var dir = CliRun.TempDir("localities");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson",
            "--max-steps", "50000", "--localities", "30000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var practices = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "practices.geojson")));
        using var localities = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "localities.geojson")));
        var consortiumOf = new Dictionary<string, string>();
        foreach (var f in practices.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = f.GetProperty("properties");
            string locality = p.GetProperty("locality").GetString()!, consortium = p.GetProperty("consortium").GetString()!;
            // Nested: every practice of a locality is in the same consortium.
            Assert.Equal(consortiumOf.TryAdd(locality, consortium) ? consortium : consortiumOf[locality], consortium);
        }
        var features = localities.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(consortiumOf.Count, features.Count);
        foreach (var f in features)
        {
            var p = f.GetProperty("properties");
            Assert.Equal(consortiumOf[p.GetProperty("name").GetString()!], p.GetProperty("consortium").GetString());
            Assert.True(p.GetProperty("patients").GetDouble() <= 30_000 || p.GetProperty("practices").GetInt32() == 1, f.ToString());
            Assert.True(p.GetProperty("contiguous").GetBoolean(), f.ToString());
        }
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var section = report.RootElement.GetProperty("localities");
        Assert.Equal(features.Count, section.GetProperty("count").GetInt32());
        // What is proven about the counts adds up from the consortia: each one's bound, and those whose count is the bound.
        var perConsortium = section.GetProperty("consortia").EnumerateArray().ToList();
        int least = perConsortium.Sum(c => c.GetProperty("count_bound").GetInt32());
        Assert.Equal(least, section.GetProperty("count_bound").GetInt32());
        Assert.InRange(least, 1, features.Count);
        Assert.Equal(perConsortium.Count(c => c.GetProperty("count_bound").GetInt32() == c.GetProperty("localities").GetInt32()),
            section.GetProperty("fewest_proven").GetInt32());
        Assert.Contains("the fewest proven for", r.StandardOutput + r.StandardError);
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan()
    {
        string a = CliRun.TempDir("seed-a"), b = CliRun.TempDir("seed-b");
        foreach (var (dir, threads) in new[] { (a, "1"), (b, "2") })
        {
            var r = CliRun.Run("solve", "data/region/practices.geojson", "--seed", "7", "--max-steps", "100000", "--time", "120", "--threads", threads, "--out", dir);
            Assert.True(r.ExitCode == 0, r.ToString());
        }
        Assert.Equal(Consortia(a), Consortia(b));
    }

    private static string[] Consortia(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "practices.geojson")));
        return doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => $"{f.GetProperty("properties").GetProperty("practice_code").GetString()}={f.GetProperty("properties").GetProperty("consortium").GetString()}")
            .ToArray();
    }

    [Fact]
    public void Strict_mode_with_impossible_rules_writes_nothing_and_says_why()
    {
        var dir = CliRun.TempDir("strict");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--min", "3000000", "--max", "4000000", "--max-steps", "10000", "--out", dir);
        Assert.True(r.ExitCode == 4, r.ToString());
        Assert.Contains("cannot be met", r.StandardError);
        Assert.False(File.Exists(Path.Combine(dir, "consortia.geojson")));
    }

    [Fact]
    public void A_locked_practice_ends_in_its_named_consortium()
    {
        var dir = CliRun.TempDir("lock");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--lock", "N00001=Early Adopters", "--lock", "N00002=Early Adopters", "--max-steps", "100000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var plan = Consortia(dir);
        Assert.Contains("N00001=Early Adopters", plan);
        Assert.Contains("N00002=Early Adopters", plan);
    }

    [Fact]
    public void Recombination_lets_the_exact_solver_choose_from_the_consortia_the_search_met()
    {
        var dir = CliRun.TempDir("recombine");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--recombine", "--max-steps", "100000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("valid consortia: Optimal", r.StandardError);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var section = report.RootElement.GetProperty("recombination");
        Assert.Equal("optimal", section.GetProperty("status").GetString());
        Assert.True(section.GetProperty("pool").GetInt32() > 0);
        // CP-SAT starts from the heuristic's plan, so the chosen set is never less compact.
        Assert.True(section.GetProperty("improvement_pct").GetDouble() >= 0);
        Assert.True(report.RootElement.GetProperty("summary").GetProperty("meets_all_rules").GetBoolean());
    }

    [Fact]
    public void Recuts_of_neighbouring_pairs_keep_every_rule_and_never_lose_compactness()
    {
        var dir = CliRun.TempDir("recut");
        // A short search leaves room for the re-cuts to improve; a balance band gives them rules to keep.
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--recut", "--balance", "deprivation=0.25", "--max-steps", "20000",
            "--restarts", "1", "--time", "20", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("pairs of neighbouring consortia with CP-SAT", r.StandardError);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var section = report.RootElement.GetProperty("recut");
        Assert.True(section.GetProperty("pairs").GetInt32() > 0);
        double before = section.GetProperty("inertia_before_patient_km2").GetDouble();
        double after = section.GetProperty("inertia_after_patient_km2").GetDouble();
        Assert.True(after <= before);
        var summary = report.RootElement.GetProperty("summary");
        Assert.True(summary.GetProperty("meets_all_rules").GetBoolean());
        // The plan written is the re-cut one when it was taken.
        if (section.GetProperty("used").GetBoolean())
            Assert.Equal(after, summary.GetProperty("total_inertia_km2").GetDouble(), after * 1e-9);
        Assert.True(report.RootElement.GetProperty("parameters").GetProperty("recut").GetBoolean());
    }

    [Fact]
    public void Solver_options_are_checked()
    {
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--mode", "sometimes", "--out", CliRun.TempDir("opt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Use strict or best-effort", r.StandardError);
        var d = CliRun.Run("solve", "data/region/practices.geojson", "--objective", "disruption=1", "--out", CliRun.TempDir("opt2"));
        Assert.Equal(2, d.ExitCode);
        Assert.Contains("--objective", d.StandardError);
        Assert.Contains("(group-by, e.g. ccg_code)", d.StandardError);
    }

    /// <summary>12 practices of 8,000 patients on a 3×4 grid 1 km apart, in one consortium "X".</summary>
    internal static string SmallArea()
    {
        var sb = new StringBuilder("practice_code,easting,northing,list_size,imd_score,spend,ccg_code\n");
        for (int i = 0; i < 12; i++)
            sb.Append(CultureInfo.InvariantCulture, $"S{i:00},{430000 + (i % 4) * 1000},{430000 + (i / 4) * 1000},8000,{10 + i},{8000 * 150},X\n");
        var path = Path.Combine(CliRun.TempDir("small"), "small.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void Localities_split_a_consortium_with_a_proof_of_optimality()
    {
        var dir = CliRun.TempDir("localities");
        var r = CliRun.Run("localities", SmallArea(), "--group-by", "ccg_code", "--consortium", "X", "--max", "30000", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Exact solver (CP-SAT): Optimal", r.StandardError);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("optimal", report.RootElement.GetProperty("exact").GetProperty("status").GetString());
        // 96,000 patients in localities of at most 30,000: at least 4, each of 3 practices.
        Assert.Equal(4, report.RootElement.GetProperty("summary").GetProperty("consortia").GetInt32());
        Assert.Equal(24_000, report.RootElement.GetProperty("summary").GetProperty("largest_patients").GetDouble());
    }

    [Fact]
    public void Localities_read_a_file_whose_columns_have_other_names_through_field_mappings()
    {
        // The small area again, with every column named otherwise.
        var renamed = Path.Combine(CliRun.TempDir("renamed"), "renamed.csv");
        var lines = File.ReadAllLines(SmallArea());
        lines[0] = "ods_code,east,north,registered,imd,spend,ccg";
        File.WriteAllLines(renamed, lines);
        string[] split = ["localities", renamed, "--group-by", "ccg", "--consortium", "X", "--max", "30000"];

        var unmapped = CliRun.Run([.. split, "--out", CliRun.TempDir("renamed-unmapped")]);
        Assert.True(unmapped.ExitCode == 2, unmapped.ToString());
        Assert.Contains("field mapping", unmapped.StandardError);

        var dir = CliRun.TempDir("renamed-mapped");
        var r = CliRun.Run([.. split, "--field", "code=ods_code", "--field", "patients=registered", "--field", "x=east", "--field", "y=north",
            "--field", "deprivation=imd", "--crs", "bng", "--out", dir]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        // The same split as the file with the default names gives: 96,000 patients in 4 localities of 24,000.
        Assert.Equal(4, report.RootElement.GetProperty("summary").GetProperty("consortia").GetInt32());
        Assert.Equal(24_000, report.RootElement.GetProperty("summary").GetProperty("largest_patients").GetDouble());
        Assert.Equal("british_national_grid", report.RootElement.GetProperty("parameters").GetProperty("crs").GetString());
        using var practices = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "practices.geojson")));
        var first = practices.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal("S00", first.GetProperty("practice_code").GetString());
        Assert.Equal(10, first.GetProperty("deprivation").GetDouble());

        var bad = CliRun.Run([.. split, "--crs", "mars", "--field", "code", "--out", CliRun.TempDir("renamed-bad")]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--crs", bad.StandardError);
        Assert.Contains("--field", bad.StandardError);
    }

    [Fact]
    public void Localities_leave_out_a_missing_score_unless_told_otherwise()
    {
        // The small area with one practice's deprivation score blank, split under a deprivation rule.
        var blank = Path.Combine(CliRun.TempDir("blank"), "blank.csv");
        var lines = File.ReadAllLines(SmallArea());
        var cells = lines[6].Split(',');
        cells[4] = "";
        lines[6] = string.Join(',', cells);
        File.WriteAllLines(blank, lines);
        string[] split = ["localities", blank, "--group-by", "ccg_code", "--consortium", "X", "--balance", "deprivation=0.5"];

        var excluded = CliRun.Run([.. split, "--out", CliRun.TempDir("blank-exclude")]);
        Assert.True(excluded.ExitCode == 0, excluded.ToString());
        var refused = CliRun.Run([.. split, "--missing", "error", "--out", CliRun.TempDir("blank-error")]);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("practice S05", refused.StandardError);
        var dir = CliRun.TempDir("blank-mean");
        var filled = CliRun.Run([.. split, "--missing", "mean", "--out", dir]);
        Assert.True(filled.ExitCode == 0, filled.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("mean", report.RootElement.GetProperty("parameters").GetProperty("missing").GetString());
    }

    [Fact]
    public void Localities_take_balance_rules_and_name_a_wrong_one()
    {
        var dir = CliRun.TempDir("localities-balance");
        var r = CliRun.Run("localities", SmallArea(), "--group-by", "ccg_code", "--consortium", "X", "--balance", "wealth=0.2", "--out", dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("wealth", r.StandardError);
        var ok = CliRun.Run("localities", SmallArea(), "--group-by", "ccg_code", "--consortium", "X", "--balance", "deprivation=0.5", "--out", dir);
        Assert.True(ok.ExitCode is 0 or 3, ok.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("deprivation=0.5", report.RootElement.GetProperty("parameters").GetProperty("balance")[0].GetString());
    }

    [Fact]
    public void Exact_solve_proves_the_heuristic_plan_on_a_small_area()
    {
        var dir = CliRun.TempDir("exact");
        var r = CliRun.Run("solve", SmallArea(), "--min", "20000", "--max", "40000", "--exact", "--max-steps", "20000", "--time", "60", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal("optimal", report.RootElement.GetProperty("exact").GetProperty("status").GetString());
    }
}
