using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Partitioner.Cli.Tests.Commands;

/// <summary><c>--format gpkg</c> on evaluate and solve: plan.gpkg beside the GeoJSON layers and the report.</summary>
public sealed class GeoPackageFormatTests
{
    [Fact]
    public void Evaluate_with_format_gpkg_writes_both_layers_into_one_geopackage()
    {
        var dir = CliRun.TempDir("eval-gpkg");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--boundary", "data/region/boundary.geojson",
            "--format", "gpkg", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("plan.gpkg", r.StandardOutput);
        Assert.Equal((8L, 300L, 27700L), Counts(Path.Combine(dir, "plan.gpkg")));
        Assert.True(File.Exists(Path.Combine(dir, "consortia.geojson")));
    }

    [Fact]
    public void Solve_with_format_gpkg_writes_every_consortium_of_the_report()
    {
        var dir = CliRun.TempDir("solve-gpkg");
        var r = CliRun.Run("solve", "data/region/practices.geojson", "--boundary", "data/region/boundary.geojson",
            "--max-steps", "20000", "--restarts", "1", "--mode", "best-effort", "--format", "gpkg", "--out", dir);
        Assert.True(r.ExitCode is 0 or 3, r.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        long consortia = report.RootElement.GetProperty("summary").GetProperty("consortia").GetInt64();
        Assert.Equal((consortia, 300L, 27700L), Counts(Path.Combine(dir, "plan.gpkg")));
    }

    [Fact]
    public void An_unknown_format_is_refused_before_any_work_and_lists_the_formats()
    {
        var dir = CliRun.TempDir("bad-format");
        var r = CliRun.Run("evaluate", "data/region/practices.geojson", "--group-by", "ccg_code", "--format", "shp", "--out", dir);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("'shp'", r.StandardError + r.StandardOutput);
        Assert.Contains("gpkg", r.StandardError + r.StandardOutput);
        Assert.Empty(Directory.GetFiles(dir));
    }

    private static (long Consortia, long Practices, long Srid) Counts(string gpkg)
    {
        using var db = new SqliteConnection($"Data Source={gpkg};Mode=ReadOnly;Pooling=False");
        db.Open();
        return (Scalar(db, "SELECT count(*) FROM consortia"), Scalar(db, "SELECT count(*) FROM practices"),
            Scalar(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'consortia'"));
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
