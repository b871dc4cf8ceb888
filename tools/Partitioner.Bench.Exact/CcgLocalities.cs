using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Bench.Exact;

/// <summary>
/// <c>--ccgs-2021</c>: every real 2021/22 CCG (open practices with patients, grouped by ccg_code) split into localities of
/// at most 30,000 patients by <see cref="LocalitySplitter"/>, one CSV row per CCG with the real PCNs of that CCG beside it.
/// </summary>
internal static class CcgLocalities
{
    public static void Run(string path, ExactOptions options, double max, string? only, int maxPractices, bool phases = false)
    {
        var all = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" }, GroupOptional = true });
        var open = all.Practices.Where(p => p.Patients > 0 && !string.IsNullOrEmpty(p.Group) && string.IsNullOrEmpty(Text(p, "close_date"))).ToList();
        var ccgs = open.GroupBy(p => p.Group!, StringComparer.Ordinal).OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        double seconds = options.TimeLimit.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {ccgs.Count} CCGs of {Path.GetFileName(path)} (open, list_size > 0); localities of at most {max:N0} patients, fewest then most compact; limit {seconds} s each; engine {options.MipEngine}; {Environment.ProcessorCount} cores"));
        Console.WriteLine("ccg,practices,patients,localities,standalone,pcns,status,method,gap%,seconds,count_bound,note");
        int proven = 0, provenSmall = 0, small = 0, crashed = 0, ran = 0;
        foreach (var ccg in ccgs)
        {
            if (only is not null && ccg.Key != only) continue;
            if (ccg.Count() > maxPractices) continue;
            ran++;
            var practices = ccg.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
            int pcns = practices.Select(p => Text(p, "pcn_code")).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).Count();
            var clock = Stopwatch.StartNew();
            string row;
            IReadOnlyList<PhaseTime> steps = [];
            try
            {
                var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = max };
                var study = Study.Prepare(new PracticeSet(practices, [], all.InputCoordinates), rules, MissingValuePolicy.Exclude);
                var r = LocalitySplitter.Split(study.ToProblem(), rules, options);
                steps = r.Phases;
                bool isProven = r.Status is ExactStatus.Optimal or ExactStatus.Infeasible;
                if (isProven) proven++;
                if (practices.Count <= 200)
                {
                    small++;
                    if (isProven) provenSmall++;
                }
                string status = r.Status == ExactStatus.Optimal ? "proven" : r.Status.ToString().ToLowerInvariant();
                string note = r.Status == ExactStatus.Optimal ? "" : r.Message;
                row = string.Create(CultureInfo.InvariantCulture,
                    $"{ccg.Key},{practices.Count},{practices.Sum(p => p.Patients):0},{r.ConsortiumCount},{r.StandalonePractices.Count},{pcns},{status},{(r.ByHeuristic ? "heuristic" : "exact")},{r.Gap * 100:0.00},{clock.Elapsed.TotalSeconds:0.0},{r.CountBound},{Csv(note)}");
            }
            catch (Exception e)
            {
                crashed++;
                row = string.Create(CultureInfo.InvariantCulture, $"{ccg.Key},{practices.Count},,,,{pcns},crash,,,{clock.Elapsed.TotalSeconds:0.0},,{Csv(e.GetType().Name + ": " + e.Message)}");
            }
            Console.WriteLine(row);
            if (phases)
                foreach (var step in steps)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"#   {ccg.Key} phase '{step.Phase}': from {step.At.TotalSeconds:0.00} s, granted {step.Granted.TotalSeconds:0.00} s of {step.Left.TotalSeconds:0.00} s left"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {ran} CCGs: proven {proven}; of the {small} with at most 200 practices, proven {provenSmall}; crashed {crashed}"));
    }

    private static string? Text(Practice p, string name)
    {
        foreach (var property in p.Properties)
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value?.ToString();
        return null;
    }

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
