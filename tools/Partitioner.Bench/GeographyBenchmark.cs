using System.Diagnostics;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;

namespace Partitioner.Bench;

/// <summary>Times reading practices and building their geography (Voronoi cells cut from the study area, adjacency, bridges), inside an optional boundary.</summary>
internal static class GeographyBenchmark
{
    public static int Run(string path, string[] rest)
    {
        var sw = Stopwatch.StartNew();
        var set = PracticeReader.ReadFile(path);
        double readMs = sw.Elapsed.TotalMilliseconds;
        int at = Array.IndexOf(rest, "--boundary");
        var options = new GeographyOptions { Boundary = at >= 0 && at + 1 < rest.Length ? Partitioner.Core.GeoJson.BoundaryReader.ReadFile(rest[at + 1]) : null };
        PracticeGeography.Build(set, options); // warm-up (JIT)
        var times = new List<double>();
        PracticeGeography geo = null!;
        for (int i = 0; i < 7; i++)
        {
            sw.Restart();
            geo = PracticeGeography.Build(set, options);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"practices {set.Count:N0}  sites {geo.SiteCount:N0}  site edges {geo.SiteGraph.EdgeCount:N0}  practice edges {geo.PracticeGraph.EdgeCount:N0}  parts {geo.PartsBeforeBridging}");
        Console.WriteLine($"read {readMs:0} ms (first call, includes JIT)");
        Console.WriteLine($"geography build over 7 runs: min {times[0]:0} ms, median {times[3]:0} ms, max {times[^1]:0} ms");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
        return 0;
    }
}
