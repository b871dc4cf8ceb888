using System.Diagnostics;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Bench;

/// <summary>
/// Pool recombination for a large study: runs the heuristic with <see cref="SolverOptions.CollectPool"/> on, so it
/// keeps the distinct valid consortia it meets during the search, adds the final plan's consortia, lets the exact solver (CP-SAT and SCIP) choose the
/// best set partition of the practices from that pool (warm-started from the heuristic plan), and prints how much it
/// improves on the heuristic plan alone (moment of inertia, patient·km²). With --runs above 1 the pools of several
/// seeds are joined and the best heuristic plan is the reference.
/// </summary>
internal static class PoolBenchmark
{
    public static int Run(string path, string[] args)
    {
        int runs = 1, capacity = 20_000;
        double seconds = 10, exactSeconds = 120;
        double? dep = null;
        bool byTime = true;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--runs": runs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--exact-seconds": exactSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--deprivation": dep = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--pool": capacity = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--by-time": byTime = value is "true" or "1" or "yes"; break;
            }
        }
        var request = new StudyRequest { Deprivation = dep is { } d ? new BalanceTolerance(d, ToleranceKind.Relative) : null, Missing = MissingValuePolicy.Exclude };
        var rules = request.Rules();
        var study = Study.Prepare(PracticeReader.ReadFile(path), request);
        var problem = study.ToProblem();
        Console.WriteLine($"{Path.GetFileName(path)}: {problem.PracticeCount:N0} practices; rules {rules.MinPatients:N0}–{rules.MaxPatients:N0} patients{(dep is { } t ? $", deprivation ±{t:P0}" : "")}; pool capacity {capacity:N0} per run; schedule by time: {byTime}");
        var pool = new CandidatePool(Math.Max(1, capacity * runs + 1_000));
        Plan? best = null;
        double bestInertia = double.MaxValue;
        var sw = Stopwatch.StartNew();
        for (int seed = 1; seed <= runs; seed++)
        {
            var solution = Planner.Solve(study, request, tuning: new SolverOptions
            {
                Seed = (ulong)seed, TimeLimit = TimeSpan.FromSeconds(seconds), MaxSteps = long.MaxValue / 4, StallLimit = long.MaxValue / 4,
                Restarts = 2, ScheduleByTime = byTime, CollectPool = capacity,
            });
            int collected = 0;
            foreach (var members in solution.Result.Pool) if (pool.Add(members)) collected++;
            if (solution.Evaluation is not { Summary.MeetsAllRules: true } e)
            {
                Console.WriteLine($"seed {seed}: no plan meeting every rule; {solution.Result.Pool.Count:N0} valid consortia collected ({collected:N0} new, pool {pool.Count:N0})");
                continue;
            }
            int fromPlan = pool.AddPlan(solution.Plan!.ConsortiumOf);
            Console.WriteLine($"seed {seed}: {e.Summary.Consortia} consortia, inertia {e.Summary.TotalInertiaKm2:N0} patient·km²; search pool {solution.Result.Pool.Count:N0} consortia ({collected:N0} new), final plan added {fromPlan} more (pool {pool.Count:N0})");
            if (e.Summary.TotalInertiaKm2 < bestInertia) { bestInertia = e.Summary.TotalInertiaKm2; best = solution.Plan; }
        }
        double heuristicSeconds = sw.Elapsed.TotalSeconds;
        if (pool.Count == 0) { Console.WriteLine("No valid consortium was collected; nothing to recombine."); return 1; }
        // Without a valid heuristic plan the exact solver may still tile the practices from the pool (no warm start then).
        var answer = new ExactEngine().Recombine(problem, pool.Candidates, best?.ConsortiumOf, TimeSpan.FromSeconds(exactSeconds), default);
        Console.WriteLine(best is null
            ? $"heuristic: {runs} run(s) of {seconds:0} s in {heuristicSeconds:0} s; no plan met every rule"
            : $"heuristic: {runs} run(s) of {seconds:0} s in {heuristicSeconds:0} s; best inertia {bestInertia:N0} patient·km²");
        Console.WriteLine($"{answer.Summary} {answer.Report["message"]}");
        if (answer.ConsortiumOf is null) return 1;
        var recombined = study.Evaluate(new Plan(ConsortiumNaming.Names(problem, answer.ConsortiumOf, answer.ConsortiumCount), answer.ConsortiumOf), withPolygons: false);
        if (best is null)
        {
            Console.WriteLine($"recombined: {recombined.Summary.TotalInertiaKm2:N0} patient·km², {recombined.Summary.Consortia} consortia, meets all rules: {recombined.Summary.MeetsAllRules}");
            return 0;
        }
        double gain = (bestInertia - recombined.Summary.TotalInertiaKm2) / bestInertia;
        Console.WriteLine($"heuristic inertia {bestInertia:N0} → recombined {recombined.Summary.TotalInertiaKm2:N0} patient·km² ({gain:P2} better), {recombined.Summary.Consortia} consortia, meets all rules: {recombined.Summary.MeetsAllRules}");
        return 0;
    }
}
