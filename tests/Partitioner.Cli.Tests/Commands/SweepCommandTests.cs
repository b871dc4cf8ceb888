using System.Text.Json;

namespace Partitioner.Cli.Tests.Commands;

public sealed class SweepCommandTests
{
    [Fact]
    public void Sweeping_bundled_england_writes_the_trade_off_table()
    {
        var dir = CliRun.TempDir("sweep");
        var r = CliRun.Run("sweep", "data/england/practices.csv", "--boundary", "data/england/boundary.geojson",
            "--from", "0.3", "--step", "0.15", "--to", "bound", "--max-steps", "2000", "--restarts", "1", "--time", "120", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Proven bound", r.StandardOutput);
        var lines = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.StartsWith("band_pct,status,consortia,total_inertia_km2,median_polsby_popper", lines[0]);
        Assert.Equal(3, lines.Length);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(new[] { 30.0, 15.0 }, rows.Select(x => x.GetProperty("band_pct").GetDouble()));
        foreach (var row in rows)
        {
            Assert.Contains(row.GetProperty("status").GetString(), new[] { "met", "best_effort" });
            Assert.InRange(row.GetProperty("consortia").GetInt32(), 75, 560);
            Assert.True(row.GetProperty("total_inertia_km2").GetDouble() > 0);
            Assert.InRange(row.GetProperty("median_polsby_popper").GetDouble(), 0.01, 1);
            // The bundled practices carry their council (la_code), so the coterminosity columns are filled.
            Assert.InRange(row.GetProperty("patients_in_whole_councils_pct").GetDouble(), 0, 100);
            Assert.True(row.GetProperty("councils_split").GetInt32() > 0);
        }
        Assert.True(json.RootElement.GetProperty("councils").GetBoolean());
        Assert.True(json.RootElement.GetProperty("bound").GetProperty("band_pct").GetDouble() >= 0);
        Assert.Equal("sweep", json.RootElement.GetProperty("parameters").GetProperty("command").GetString());
    }

    [Fact]
    public void Floors_rise_as_the_band_tightens_lie_under_every_plan_and_leave_the_plans_alone()
    {
        string[] sweep = ["sweep", "data/region/practices.geojson", "--bands", "0.3,0.15,0.08", "--max-steps", "20000", "--restarts", "1"];
        var withFloors = CliRun.TempDir("sweep-floors");
        var without = CliRun.TempDir("sweep-no-floors");
        var r = CliRun.Run([.. sweep, "--floors", "--out", withFloors]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("floor_km2", r.StandardOutput);
        var plain = CliRun.Run([.. sweep, "--out", without]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("floor_km2", plain.StandardOutput);

        var rows = Rows(withFloors);
        var plainRows = Rows(without);
        Assert.Equal(3, rows.Length);
        double previous = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            double floor = rows[i].GetProperty("inertia_floor_km2").GetDouble();
            double inertia = rows[i].GetProperty("total_inertia_km2").GetDouble();
            Assert.True(floor >= previous, $"the floor fell from {previous} to {floor} as the band tightened");
            if (rows[i].GetProperty("status").GetString() == "met") Assert.True(floor <= inertia, $"floor {floor} above a plan meeting the band, {inertia}");
            Assert.Equal(plainRows[i].GetProperty("total_inertia_km2").GetDouble(), inertia);
            Assert.Equal(JsonValueKind.Null, plainRows[i].GetProperty("inertia_floor_km2").ValueKind);
            previous = floor;
        }
        Assert.True(previous > 0, "the ±8% floor is 0");
        var csv = File.ReadAllLines(Path.Combine(withFloors, "sweep.csv"));
        Assert.EndsWith(",inertia_floor_km2", csv[0]);
        Assert.All(csv.Skip(1), line => Assert.NotEqual("", line.Split(',')[^1]));
        Assert.All(File.ReadAllLines(Path.Combine(without, "sweep.csv")).Skip(1), line => Assert.Equal("", line.Split(',')[^1]));
    }

    [Fact]
    public void Every_band_takes_the_plan_shaping_options_of_solve()
    {
        string[] sweep = ["sweep", "data/region/practices.geojson", "--bands", "0.3,0.15", "--max-steps", "20000", "--restarts", "1"];
        var plain = CliRun.TempDir("sweep-plain");
        var councils = CliRun.TempDir("sweep-whole-councils");
        var counted = CliRun.TempDir("sweep-count");
        Assert.Equal(0, CliRun.Run([.. sweep, "--out", plain]).ExitCode);
        var r = CliRun.Run([.. sweep, "--whole-councils", "--out", councils]);
        Assert.True(r.ExitCode == 0, r.ToString());
        r = CliRun.Run([.. sweep, "--count-min", "9", "--objective", "boundary=1", "--out", counted]);
        Assert.True(r.ExitCode == 0, r.ToString());

        // Without the option the region's plans split councils; with it no band splits one (none is above the maximum).
        Assert.Contains(Rows(plain), row => row.GetProperty("councils_split").GetInt32() > 0);
        Assert.All(Rows(councils), row =>
        {
            Assert.Equal(0, row.GetProperty("councils_split").GetInt32());
            Assert.Equal(100, row.GetProperty("patients_in_whole_councils_pct").GetDouble());
        });
        Assert.All(Rows(plain), row => Assert.True(row.GetProperty("consortia").GetInt32() < 9, "the plain sweep already has 9 consortia, so --count-min 9 proves nothing"));
        Assert.All(Rows(counted), row => Assert.True(row.GetProperty("consortia").GetInt32() >= 9, row.ToString()));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(counted, "sweep.json")));
        var parameters = json.RootElement.GetProperty("parameters");
        Assert.Equal(1, parameters.GetProperty("objective").GetProperty("boundary").GetDouble());
        Assert.Equal(9, parameters.GetProperty("count_min").GetInt32());

        var bad = CliRun.Run([.. sweep, "--objective", "shape=2", "--out", CliRun.TempDir("sweep-bad-objective")]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--objective", bad.StandardError);

        // Each band sets the balance rules itself, so a --balance would be ignored: it is refused instead.
        var balance = CliRun.Run([.. sweep, "--balance", "deprivation=0.2", "--out", CliRun.TempDir("sweep-balance")]);
        Assert.True(balance.ExitCode == 2, balance.ToString());
        Assert.Contains("--balance", balance.StandardError);
        Assert.Contains("--bands or --from", balance.StandardError);
    }

    private static JsonElement[] Rows(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json"))).RootElement.GetProperty("rows").EnumerateArray().ToArray();

    [Fact]
    public void A_sweep_without_bands_or_with_both_forms_is_refused_naming_the_flag()
    {
        var dir = CliRun.TempDir("sweep-bad");
        var both = CliRun.Run("sweep", "data/region/practices.geojson", "--bands", "0.3,0.2", "--from", "0.3", "--out", dir);
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("--bands", both.StandardError);
        var zero = CliRun.Run("sweep", "data/region/practices.geojson", "--bands", "0.3,0", "--out", dir);
        Assert.True(zero.ExitCode == 2, zero.ToString());
        Assert.Contains("more than 0", zero.StandardError);
        Assert.False(File.Exists(Path.Combine(dir, "sweep.csv")));
    }
}
