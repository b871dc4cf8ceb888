using Partitioner.Core.GeoJson;
using Partitioner.Core.Plans;

namespace Partitioner.Cli.Commands;

/// <summary>Prints a plan's summary for a planner.</summary>
internal static class Summary
{
    public static void Print(Evaluation e, string outDir, string unit = "consortia", bool written = true)
    {
        var s = e.Summary;
        Console.WriteLine($"{s.Consortia} {unit} for {s.Practices:N0} practices and {s.Patients:N0} patients.");
        Console.WriteLine($"  patients each: {s.SmallestPatients:N0} – {s.LargestPatients:N0}; {s.WithinPopulationBounds} of {s.Consortia} within {e.Rules.MinPatients:N0}–{e.Rules.MaxPatients:N0}");
        Console.WriteLine($"  deprivation: {s.LowestDeprivation:0.0} – {s.HighestDeprivation:0.0} around the area mean {s.AreaDeprivation:0.0} (worst deviation {s.WorstDeprivationDeviationRelative:P1})");
        Console.WriteLine($"  spend per patient: £{s.LowestSpendPerPatient:0.00} – £{s.HighestSpendPerPatient:0.00} around £{s.AreaSpendPerPatient:0.00} (worst deviation {s.WorstSpendDeviationRelative:P1})");
        foreach (var (rule, count) in s.Breaking)
            if (count > 0) Console.WriteLine($"  {count} {unit} break {PlanReport.RuleName(rule).Replace('_', ' ')}");
        if (s.Coterminosity is { } c)
            Console.WriteLine($"  councils ({c.Source}): {c.CouncilsSplit} of {c.Councils} split into {c.SplitCouncilPieces} pieces; {c.PatientsInWholeCouncils:P1} of patients in a council wholly inside one consortium; {c.ConsortiaNested} {unit} nest in one council, {c.ConsortiaOfWholeCouncils} are unions of whole councils");
        Console.WriteLine(s.MeetsAllRules ? $"  Every one of the {s.Consortia} {unit} meets every rule." : $"  Some {unit} break rules: see report.json.");
        if (written) Console.WriteLine($"Wrote {Path.Combine(outDir, "consortia.geojson")}, practices.geojson and report.json.");
    }
}
