using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Ensembles;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// Tests an existing map (a grouping field, e.g. the 2013 CCGs) against an ensemble folder and prints the plan's
/// percentiles and the flagged consortia as markdown tables (with a name column from another field when given), and how
/// long the test took.
/// </summary>
internal static class OutlierBenchmark
{
    public static int Run(string path, string[] args)
    {
        string? ensembleDir = null, groupBy = null, names = null;
        var missing = MissingValuePolicy.Error;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            switch (args[i])
            {
                case "--ensemble": ensembleDir = v; break;
                case "--group-by": groupBy = v; break;
                case "--names": names = v; break;
                case "--missing": missing = v == "mean" ? MissingValuePolicy.FillMean : v == "exclude" ? MissingValuePolicy.Exclude : MissingValuePolicy.Error; break;
            }
        }
        if (ensembleDir is null || groupBy is null) { Console.Error.WriteLine("usage: outliers <practices> --ensemble DIR --group-by FIELD [--names FIELD] [--missing mean]"); return 2; }
        var clock = Stopwatch.StartNew();
        var set = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = groupBy } });
        var study = Study.Prepare(set, new ConsortiumRules(), missing);
        var ensemble = EnsembleFiles.Read(ensembleDir);
        var plan = Plan.FromGroups(study.Practices, groupBy);
        double prepare = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var report = OutlierTest.Evaluate(ensemble, study, plan);
        Console.WriteLine($"read + geography + ensemble {prepare:0.0} s, outlier test {clock.Elapsed.TotalSeconds:0.0} s; {ensemble.Plans:N0} plans of {ensemble.Count} consortia; the map has {plan.Count}");
        Console.WriteLine($"ensemble verdict: {ensemble.Convergence.Verdict}");
        Console.WriteLine();
        Console.WriteLine("| statistic | the map | percentile | ensemble 2.5% – 97.5% |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var s in report.Plan.Where(s => double.IsFinite(s.Percentile)))
            Console.WriteLine($"| {s.Name} | {F(s.Value)} | {s.Percentile:0.0} | {F(s.Low)} – {F(s.High)} |");
        Console.WriteLine();
        var nameOf = new Dictionary<string, string>();
        if (names is not null)
            foreach (var p in study.Practices.Practices)
                if (p.Group is { } g && p.Properties.FirstOrDefault(x => x.Name == names).Value is string n) nameOf.TryAdd(g, n);
        var flagged = report.Flagged;
        Console.WriteLine($"{flagged.Count} of {report.ProposalCount} flagged ({flagged.Count(c => c.Deprivation.Flagged)} on deprivation, {flagged.Count(c => c.Spend.Flagged)} on spend).");
        Console.WriteLine();
        Console.WriteLine("| code | name | patients | deprivation (ensemble 2.5–97.5%) | spend per patient (ensemble 2.5–97.5%) | finding |");
        Console.WriteLine("| --- | --- | ---: | --- | --- | --- |");
        foreach (var c in flagged.OrderBy(c => Math.Min(c.Deprivation.Percentile, 100 - c.Deprivation.Percentile)))
            Console.WriteLine($"| {c.Name} | {nameOf.GetValueOrDefault(c.Name, "")} | {c.Patients:N0} | {c.Deprivation.Value:0.0} ({c.Deprivation.Low:0.0}–{c.Deprivation.High:0.0}) | £{c.Spend.Value:0} (£{c.Spend.Low:0}–£{c.Spend.High:0}) | {string.Join("; ", c.Findings)} |");
        foreach (var note in report.Notes) Console.WriteLine($"note: {note}");
        return 0;
    }

    private static string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
