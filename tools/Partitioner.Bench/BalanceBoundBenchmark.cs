using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Exact;

namespace Partitioner.Bench;

/// <summary>
/// What a balance band costs at the least (<see cref="InertiaFloor"/>): per band, the floor under the inertia of every
/// plan meeting it, contiguous or not, edge by edge. <c>--group-by FIELD</c> (e.g. <c>ccg_name</c>) names the groups of
/// practices whose transport makes most of each edge's floor. <c>--cancel-after S</c> cancels each band's floor S seconds
/// in and prints how long it took to stop (what a cancelled sweep job waits for).
/// Usage: balance-bound &lt;practices.csv&gt; [--bands 0.25,0.2,0.15,0.1] [--group-by FIELD] [--cancel-after S]
/// </summary>
internal static class BalanceBoundBenchmark
{
    public static int Run(string path, string[] args)
    {
        var bands = new List<double> { 0.25, 0.2, 0.15, 0.1 };
        string? groupBy = null;
        double? cancelAfter = null;
        for (int a = 0; a + 1 < args.Length; a += 2)
        {
            if (args[a] == "--bands") bands = args[a + 1].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
            if (args[a] == "--group-by") groupBy = args[a + 1];
            if (args[a] == "--cancel-after") cancelAfter = double.Parse(args[a + 1], CultureInfo.InvariantCulture);
        }
        var (study, problem, _, _, area) = BalancedArea.Read(path, groupBy);
        int n = problem.PracticeCount;
        var group = Enumerable.Range(0, n).Select(i => study.Geography.Practices[i].Group ?? "(none)").ToArray();
        Console.WriteLine($"{n:N0} practices; deprivation mean {area.Deprivation:0.00}, spend £{area.SpendPerPatient:0.00} per patient; load {MachineLoad.OneMinute()}");
        foreach (double band in bands)
        {
            var tolerance = new BalanceTolerance(band, ToleranceKind.Relative);
            var bandProblem = study.With(study.Rules with { Deprivation = tolerance, Spend = tolerance }).ToProblem();
            if (cancelAfter is double after)
            {
                StopWhenCancelled(bandProblem, band, after);
                continue;
            }
            var sw = Stopwatch.StartNew();
            var floor = InertiaFloor.Of(bandProblem);
            foreach (var edge in floor.Edges)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"±{band:P0} {edge.Rule}, {(edge.Upper ? "upper" : "lower")} edge: {edge.InertiaKm2 / 1e9:0.000} bn ({edge.Senders:N0} practices past it)"));
                if (groupBy is not null && edge.InertiaKm2 > 0)
                {
                    var byGroup = new Dictionary<string, double>();
                    for (int i = 0; i < n; i++) if (edge.SentFrom[i] > 0) byGroup[group[i]] = byGroup.GetValueOrDefault(group[i]) + edge.SentFrom[i];
                    Console.WriteLine("    most of it sent from: " + string.Join(", ", byGroup.OrderByDescending(g => g.Value).Take(5)
                        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value / edge.InertiaKm2:P0}"))));
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"±{band:P0}: every plan meeting both bands has at least {floor.InertiaKm2 / 1e9:0.000} bn; {sw.Elapsed.TotalSeconds:0} s; load {MachineLoad.OneMinute()}"));
        }
        return 0;
    }

    /// <summary>Works out the band's floor, cancelled <paramref name="after"/> seconds in, and prints how long it took to stop.</summary>
    private static void StopWhenCancelled(Problem problem, double band, double after)
    {
        var sw = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(after));
        try
        {
            InertiaFloor.Of(problem, cancel.Token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"±{band:P0}: the floor ended in {sw.Elapsed.TotalSeconds:0.00} s, before the cancellation"));
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"±{band:P0}: cancelled at {after:0.00} s, stopped at {sw.Elapsed.TotalSeconds:0.00} s ({sw.Elapsed.TotalSeconds - after:0.00} s later); load {MachineLoad.OneMinute()}"));
        }
    }
}
