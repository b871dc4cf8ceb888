using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// Max-p: as many consortia as possible with a floor only (<c>--prefer most</c>, maximum unbounded), as spopt's max-p
/// regions. Prints the count and time of the first valid plan and of the plan at each time limit.
/// Usage: maxp &lt;practices.csv&gt; [--only field=value] [--min 100000] [--seconds 1,5] [--missing mean]
/// </summary>
internal static class MaxPBenchmark
{
    public static int Run(string path, string[] args)
    {
        string? only = null;
        double min = 100_000;
        var limits = new List<double> { 1, 5 };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--only": only = args[i + 1]; break;
                case "--min": min = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": limits = args[i + 1].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
            }
        }
        string? field = only?.Split('=')[0], value = only?.Split('=')[1];
        var read = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = field } });
        var practices = value is null ? read : new PracticeSet(read.Practices.Where(p => p.Group == value).ToList(), [], read.InputCoordinates);
        var request = new StudyRequest { MinPatients = min, MaxPatients = 1_000_000_000, CountPreference = CountPreference.Most, Missing = MissingValuePolicy.Exclude };
        var sw = Stopwatch.StartNew();
        var study = Study.Prepare(practices, request);
        Console.WriteLine($"{Path.GetFileName(path)}{(only is null ? "" : $" ({only})")}: {study.Practices.Count:N0} practices, {study.Practices.TotalPatients:N0} patients, floor {min:N0}: at most {Math.Floor(study.Practices.TotalPatients / min):0} consortia; geography {sw.Elapsed.TotalSeconds:0.00} s; load {MachineLoad.OneMinute()}");
        Console.WriteLine("limit_s  consortia  status     first_valid_s  elapsed_s  steps");
        foreach (double seconds in limits)
        {
            var outcome = Planner.Solve(study, request, tuning: request.SolverOptions() with
            {
                TimeLimit = TimeSpan.FromSeconds(seconds), ScheduleByTime = true, MaxSteps = long.MaxValue / 4,
            });
            var s = outcome.Result.Statistics;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{seconds,7:0.0}  {outcome.Result.ConsortiumCount,9}  {outcome.Result.Status,-9}  {s.TimeToFirstValidPlan?.TotalSeconds,13:0.000}  {s.Elapsed.TotalSeconds,9:0.00}  {s.Steps,5}"));
        }
        return 0;
    }
}
