using System.Globalization;
using Partitioner.Core.Ensembles;

namespace Partitioner.Cli.Commands;

/// <summary>Writes an outlier test's files (outliers.json, outliers.csv) and prints its findings for a planner.</summary>
internal static class OutlierSummary
{
    public static void Write(OutlierReport report, string outDir)
    {
        File.WriteAllText(Path.Combine(outDir, "outliers.json"), report.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(outDir, "outliers.csv"), report.ToCsv());
        Console.WriteLine($"Against {report.EnsemblePlans:N0} valid plans of {report.EnsembleCount} consortia:");
        foreach (var s in report.Plan.Where(s => double.IsFinite(s.Percentile)))
            Console.WriteLine($"  {s.Name,-22} {F(s.Value),10}  percentile {s.Percentile,5:0.0}  (ensemble {F(s.Low)} – {F(s.High)}){(s.Flagged ? "  outside the central 95%" : "")}");
        var flagged = report.Flagged;
        Console.WriteLine(flagged.Count == 0
            ? $"  No consortium is outside the central 95% of the consortia its practices fall into."
            : $"  {flagged.Count} of {report.ProposalCount} consortia are outside the central 95% of the consortia their practices fall into:");
        foreach (var c in flagged)
            foreach (var finding in c.Findings)
                Console.WriteLine($"    {c.Name}: {finding}");
        foreach (var note in report.Notes) Console.WriteLine($"  note: {note}");
        Console.WriteLine($"Wrote {Path.Combine(outDir, "outliers.json")} and outliers.csv.");
    }

    private static string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
