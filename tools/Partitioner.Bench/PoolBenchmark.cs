using System.Diagnostics;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Bench;

/// <summary>
/// Pool recombination for a large study: runs the heuristic from several seeds, keeps every consortium of every
/// plan that meets the rules, lets CBC choose the best set partition of the practices from that pool, and prints how
/// much it improves on the best heuristic plan alone.
/// </summary>
internal static class PoolBenchmark
{
    public static int Run(string path, string[] args)
    {
        int runs = 8;
        double seconds = 10, cbcSeconds = 120;
        double? dep = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--cbc-seconds": cbcSeconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--deprivation": dep = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        var rules = new ConsortiumRules { Deprivation = dep is { } d ? new BalanceTolerance(d, ToleranceKind.Relative) : null };
        var study = Study.Prepare(PracticeReader.ReadFile(path), rules, MissingValuePolicy.Exclude);
        var problem = study.ToProblem();
        var pool = new CandidatePool();
        Plan? best = null;
        double bestInertia = double.MaxValue;
        var sw = Stopwatch.StartNew();
        for (int seed = 1; seed <= runs; seed++)
        {
            var solution = study.Solve(new SolverOptions { Seed = (ulong)seed, TimeLimit = TimeSpan.FromSeconds(seconds), MaxSteps = long.MaxValue / 4, StallLimit = long.MaxValue / 4, Restarts = 2 });
            if (solution.Evaluation is not { Summary.MeetsAllRules: true } e) { Console.WriteLine($"seed {seed}: no plan meeting every rule"); continue; }
            int added = pool.AddPlan(solution.Plan!.ConsortiumOf);
            Console.WriteLine($"seed {seed}: {e.Summary.Consortia} consortia, inertia {e.Summary.TotalInertiaKm2:N0} patient·km², {added} new consortia (pool {pool.Count})");
            if (e.Summary.TotalInertiaKm2 < bestInertia) { bestInertia = e.Summary.TotalInertiaKm2; best = solution.Plan; }
        }
        double heuristicSeconds = sw.Elapsed.TotalSeconds;
        if (best is null) { Console.WriteLine("No heuristic plan met every rule; nothing to recombine."); return 1; }
        var result = PoolRecombination.Choose(problem, pool.Candidates, new ExactOptions { TimeLimit = TimeSpan.FromSeconds(cbcSeconds), WarmStart = best.ConsortiumOf, MaxPractices = int.MaxValue });
        Console.WriteLine($"heuristic: {runs} runs of {seconds:0} s in {heuristicSeconds:0} s; best inertia {bestInertia:N0} patient·km²");
        Console.WriteLine($"CBC over a pool of {pool.Count} consortia: {result.Status} in {result.Elapsed.TotalSeconds:0.0} s. {result.Message}");
        if (result.ConsortiumOf is null) return 1;
        var names = Enumerable.Range(1, result.ConsortiumCount).Select(i => $"P{i:000}").ToArray();
        var recombined = study.Evaluate(new Plan(names, result.ConsortiumOf), withPolygons: false);
        double gain = (bestInertia - recombined.Summary.TotalInertiaKm2) / bestInertia;
        Console.WriteLine($"recombined: {recombined.Summary.Consortia} consortia, inertia {recombined.Summary.TotalInertiaKm2:N0} patient·km² ({gain:P2} better than the best heuristic plan), meets all rules: {recombined.Summary.MeetsAllRules}");
        return 0;
    }
}
