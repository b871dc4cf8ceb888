using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Bounds;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// The balance-band lower bounds (Core/Bounds) of a study for several consortium size ranges: the bound for deprivation
/// and spend, the practice that forces each, how many practices have a positive bound, how far the worst practice
/// reaches, and the time to compute (median of the runs after a warm-up).
/// </summary>
internal static class BoundsBenchmark
{
    public static int Run(string path, string[] args)
    {
        string? boundaryPath = null;
        var missing = MissingValuePolicy.FillMean;
        var ranges = new List<(double Min, double Max)> { (100_000, 750_000) };
        int runs = 3;
        int? threads = null;
        bool reach = false;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--boundary": boundaryPath = value; break;
                case "--missing": missing = value == "exclude" ? MissingValuePolicy.Exclude : MissingValuePolicy.FillMean; break;
                case "--ranges":
                    ranges = value.Split(',').Select(r => r.Split('-')).Select(r => (double.Parse(r[0], CultureInfo.InvariantCulture), double.Parse(r[1], CultureInfo.InvariantCulture))).ToList();
                    break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--reach": reach = value is "true" or "1" or "yes"; break;
            }
        }
        var set = PracticeReader.ReadFile(path);
        var boundary = boundaryPath is null ? null : BoundaryReader.ReadFile(boundaryPath);
        Console.WriteLine($"{Path.GetFileName(path)}: {set.Count:N0} practices; missing values {missing}; threads {threads?.ToString(CultureInfo.InvariantCulture) ?? "all"}");
        Console.WriteLine("min-max  attribute  bound_pct  practice_pct  region_pct(practices/patients/reach)  practices_bounded  forcing_practice  its_value  closest_mean  area_mean  reachable_practices  reachable_patients  median_ms  all_ms");
        foreach (var (min, max) in ranges)
        {
            var request = new StudyRequest
            {
                MinPatients = min, MaxPatients = max, Missing = missing, Boundary = boundary,
                Deprivation = new(0.1, Core.Rules.ToleranceKind.Relative), Spend = new(0.1, Core.Rules.ToleranceKind.Relative),
            };
            var study = Study.Prepare(set, request);
            var problem = study.ToProblem();
            BandBounds? bounds = null;
            var times = new List<double>();
            for (int r = 0; r <= runs; r++)
            {
                var clock = Stopwatch.StartNew();
                bounds = BandBoundCalculator.Compute(problem, threads);
                if (r > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            if (reach) Console.WriteLine($"{min:0}-{max:0}  reach within {max:N0} patients: {Reach(problem, max)}");
            foreach (var b in new[] { bounds!.Deprivation, bounds.Spend })
            {
                if (b is null) continue;
                var worst = b.Worst.Count > 0 ? b.Worst[0] : (PracticeReach?)null;
                double value = worst is { } w ? (b.Attribute == BalancedAttribute.Deprivation ? problem.Deprivation[w.Practice] : problem.Spend[w.Practice] / problem.Patients[w.Practice]) : double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{min:0}-{max:0}  {b.Attribute}  {b.Band * 100:0.00}  {b.PracticeBand * 100:0.00}  {(b.Region is { } g ? $"{g.Band * 100:0.00}({g.Practices.Count}/{g.Patients:N0}/{g.ReachablePractices})" : "-")}  {b.PracticesBounded}  {(worst is { } x ? problem.PracticeCodes[x.Practice] : "-")}  {value:0.00}  {worst?.ClosestMean:0.00}  {b.AreaMean:0.00}  {worst?.ReachablePractices}  {worst?.ReachablePatients:N0}  {times[times.Count / 2]:0}  {string.Join('/', times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}"));
            }
        }
        return 0;
    }

    /// <summary>How many other practices each practice reaches through paths of at most <paramref name="max"/> patients (the relaxation's area): min, 10th, 50th, 90th percentile, max.</summary>
    private static string Reach(Core.Solving.Problem problem, double max)
    {
        int n = problem.PracticeCount;
        var dist = new double[n];
        var counts = new int[n];
        var queue = new PriorityQueue<int, double>();
        var touched = new List<int>();
        Array.Fill(dist, double.PositiveInfinity);
        for (int s = 0; s < n; s++)
        {
            foreach (int t in touched) dist[t] = double.PositiveInfinity;
            touched.Clear();
            dist[s] = problem.Patients[s];
            touched.Add(s);
            queue.Enqueue(s, dist[s]);
            int count = -1;
            while (queue.TryDequeue(out int v, out double d))
            {
                if (d > dist[v]) continue;
                count++;
                foreach (int w in problem.Graph.Neighbours(v))
                {
                    double nd = d + problem.Patients[w];
                    if (nd > max || nd >= dist[w]) continue;
                    if (double.IsPositiveInfinity(dist[w])) touched.Add(w);
                    dist[w] = nd;
                    queue.Enqueue(w, nd);
                }
            }
            counts[s] = count;
        }
        Array.Sort(counts);
        return $"min {counts[0]:N0}, p10 {counts[n / 10]:N0}, median {counts[n / 2]:N0}, p90 {counts[9 * n / 10]:N0}, max {counts[^1]:N0} of {n - 1:N0}";
    }
}
