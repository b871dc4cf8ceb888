using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Ensembles;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// Samples an ensemble and prints what it cost: geography, each chain's starting plan, the sampling itself (steps per
/// second per chain and in all), acceptance, distinct plans, and the convergence table, with the load average before
/// and after (the machine is shared, so figures move with it).
/// </summary>
internal static class EnsembleBenchmark
{
    public static int Run(string path, string[] args)
    {
        var rules = new ConsortiumRules();
        var missing = MissingValuePolicy.Error;
        var options = new EnsembleOptions { Plans = 10_000, Chains = 4, Thin = 100 };
        string? groupBy = null, outDir = null;
        int threads = Environment.ProcessorCount;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            switch (args[i])
            {
                case "--balance":
                    var parts = v.Split('=');
                    var t = new BalanceTolerance(double.Parse(parts[1], CultureInfo.InvariantCulture), ToleranceKind.Relative);
                    rules = parts[0] == "deprivation" ? rules with { Deprivation = t } : rules with { Spend = t };
                    break;
                case "--min": rules = rules with { MinPatients = double.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--max": rules = rules with { MaxPatients = double.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--missing": missing = v == "mean" ? MissingValuePolicy.FillMean : v == "exclude" ? MissingValuePolicy.Exclude : MissingValuePolicy.Error; break;
                case "--plans": options = options with { Plans = int.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--chains": options = options with { Chains = int.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--thin": options = options with { Thin = int.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--burn-in": options = options with { BurnIn = long.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--count": options = options with { Count = int.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--seed": options = options with { Seed = ulong.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--start-steps": options = options with { StartSteps = long.Parse(v, CultureInfo.InvariantCulture) }; break;
                case "--threads": threads = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--group-by": groupBy = v; break;
                case "--out": outDir = v; break;
            }
        }
        options = options with { MaxDegreeOfParallelism = threads };
        Console.WriteLine($"load average before: {MachineLoad.Averages()}");
        var clock = Stopwatch.StartNew();
        var read = new PracticeReadOptions { Fields = new FieldMapping { Group = groupBy } };
        var study = Study.Prepare(PracticeReader.ReadFile(path, read), rules, missing);
        double geography = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{Path.GetFileName(path)}: {study.Practices.Count:N0} practices, {study.Practices.TotalPatients:N0} patients, {study.Geography.PracticeGraph.EdgeCount:N0} practice edges; read + geography {geography:0.0} s");
        Console.WriteLine($"plans {options.Plans:N0}, chains {options.Chains}, thin {options.Thin}, burn-in {options.EffectiveBurnIn:N0}, threads {threads}, seed {options.Seed}");
        clock.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // CPU time from the moment every chain has its starting plan: with one chain per thread this is the sampling's own cost.
        TimeSpan? allStarted = null;
        var progress = new Progress(p => { if (allStarted is null && p.ChainsStarted == options.Chains) allStarted = Process.GetCurrentProcess().TotalProcessorTime; });
        var ensemble = EnsembleSampler.Sample(study, options with { Progress = progress, ProgressInterval = TimeSpan.Zero });
        double run = clock.Elapsed.TotalSeconds;
        var cpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
        double cpuSeconds = (cpuEnd - cpu).TotalSeconds;
        double samplingCpu = allStarted is { } s0 ? (cpuEnd - s0).TotalSeconds : double.NaN;
        Console.WriteLine($"load average after: {MachineLoad.Averages()}");
        Console.WriteLine($"consortia per plan: {ensemble.Count}");
        Console.WriteLine("chain  plans  start_steps  start_s  sampling_s  steps  steps/s  proposals  accepted  acceptance  walk/step");
        foreach (var c in ensemble.Chains)
            Console.WriteLine($"{c.Chain,5}  {c.Plans,5}  {c.StartSteps,11:N0}  {c.StartSeconds,7:0.0}  {c.SamplingSeconds,10:0.0}  {c.Steps,9:N0}  {c.Steps / c.SamplingSeconds,8:N0}  {c.Proposals,9:N0}  {c.Accepted,8:N0}  {c.AcceptanceRate,10:P2}  {(double)c.WalkSteps / c.Steps,9:0}");
        long steps = ensemble.Chains.Sum(c => c.Steps);
        double sampling = ensemble.Chains.Max(c => c.StartSeconds + c.SamplingSeconds);
        Console.WriteLine($"ensemble: {ensemble.Plans:N0} plans recorded, {ensemble.DistinctPlans:N0} distinct, in {run:0.0} s (longest chain start {ensemble.Chains.Max(c => c.StartSeconds):0.0} s); {steps:N0} steps, {steps / run:N0} steps/s over the run; acceptance {ensemble.AcceptanceRate:P2}; CPU {cpuSeconds:0.0} s ({cpuSeconds / run:0.00} cores busy on average)");
        long afterStart = ensemble.Chains.Sum(c => c.Steps);
        Console.WriteLine($"sampling after every chain had started: {samplingCpu:0.0} CPU-s, about {afterStart / samplingCpu:N0} steps per CPU-second (an upper bound on the steps in it; exact with one chain per thread)");
        Console.WriteLine("statistic                 mean        sd    split_rhat      ess  ok");
        foreach (var s in ensemble.Convergence.Statistics)
            Console.WriteLine($"{s.Name,-22} {s.Mean,10:0.####} {s.StandardDeviation,9:0.####} {s.SplitRHat,12:0.000} {s.EffectiveSampleSize,8:0} {(s.Passes ? "yes" : "no")}");
        Console.WriteLine(ensemble.Convergence.Verdict);
        if (outDir is not null)
        {
            clock.Restart();
            EnsembleFiles.Write(outDir, ensemble, study, new System.Text.Json.Nodes.JsonObject { ["command"] = "bench ensemble" });
            Console.WriteLine($"wrote {outDir} in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        return 0;
    }

    private sealed class Progress(Action<EnsembleProgress> report) : IProgress<EnsembleProgress>
    {
        public void Report(EnsembleProgress value) => report(value);
    }
}
