using System.CommandLine;
using System.Diagnostics;
using Partitioner.Core.Ensembles;
using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary><c>partitioner ensemble</c>: samples valid plans with reversible ReCom chains and writes the ensemble folder.</summary>
internal static class EnsembleCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var plans = new Option<int>("--plans") { Description = "Plans to record in all (shared between the chains).", DefaultValueFactory = _ => 1000 };
        var chains = new Option<int>("--chains") { Description = "Independent chains, each from its own starting plan (4 or more for a convergence check).", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same input and seed give the same ensemble on any number of threads.", DefaultValueFactory = _ => 1 };
        var thin = new Option<int>("--thin") { Description = "Chain steps between recorded plans.", DefaultValueFactory = _ => 100 };
        var burnIn = new Option<long?>("--burn-in") { Description = "Steps each chain takes before its first record (default 10 × --thin)." };
        var count = new Option<int?>("--count") { Description = "Consortia in every plan (a ReCom chain keeps the count; default: the solver's first choice for the rules). Compare a proposal with an ensemble of its own count." };
        var countMin = new Option<int?>("--count-min") { Description = "Without --count: the fewest consortia the count the solver chooses may have." };
        var countMax = new Option<int?>("--count-max") { Description = "Without --count: the most consortia the count the solver chooses may have." };
        var groupBy = new Option<string?>("--group-by") { Description = "Existing map (a grouping field, e.g. ccg_code) to measure each plan's disruption from." };
        var threads = new Option<int?>("--threads") { Description = "Chains run at once (default: all cores). The ensemble does not depend on it." };
        var startSteps = new Option<long?>("--start-steps") { Description = "Repair steps allowed for each chain's starting plan (default 500 × practices, at least 1,000,000)." };
        var command = new Command("ensemble", "Sample valid plans (every rule met) with reversible ReCom chains, for outlier tests of proposals (evaluate --ensemble).");
        study.AddTo(command);
        command.Options.Remove(study.Format);
        command.Options.Add(plans);
        command.Options.Add(chains);
        command.Options.Add(seed);
        command.Options.Add(thin);
        command.Options.Add(burnIn);
        command.Options.Add(count);
        command.Options.Add(countMin);
        command.Options.Add(countMax);
        command.Options.Add(groupBy);
        command.Options.Add(threads);
        command.Options.Add(startSteps);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            if (r.GetValue(threads) is < 1) throw new InputException("--threads", "threads", r.GetValue(threads)!.ToString(), "Give 1 or more threads.");
            string? group = r.GetValue(groupBy);
            var problems = new List<InputProblem>();
            var request = StudyOptions.Checked(study.Request(r, group, problems) with { CountMin = r.GetValue(countMin), CountMax = r.GetValue(countMax) }, problems);
            var s = study.Prepare(r, request);
            using var progress = new EnsembleProgressDisplay();
            var options = new EnsembleOptions
            {
                Plans = r.GetValue(plans), Chains = r.GetValue(chains), Seed = r.GetValue(seed), Thin = r.GetValue(thin), BurnIn = r.GetValue(burnIn),
                Count = r.GetValue(count), StartSteps = r.GetValue(startSteps), MaxDegreeOfParallelism = r.GetValue(threads), Progress = progress,
            };
            var ensemble = EnsembleSampler.Sample(s, options);
            progress.Finish();
            var parameters = study.Parameters(r, "ensemble", request);
            parameters["plans"] = options.Plans;
            parameters["chains"] = options.Chains;
            parameters["seed"] = options.Seed;
            parameters["thin"] = options.Thin;
            parameters["burn_in"] = options.EffectiveBurnIn;
            parameters["count"] = ensemble.Count;
            parameters["group_by"] = group;
            string outDir = r.GetValue(study.Out)!;
            var clock = Stopwatch.StartNew();
            EnsembleFiles.Write(outDir, ensemble, s, parameters);
            Print(ensemble, outDir, clock.Elapsed.TotalSeconds);
            return 0;
        }));
        return command;
    }

    private static void Print(Ensemble e, string outDir, double writeSeconds)
    {
        Console.WriteLine($"{e.Plans:N0} valid plans of {e.Count} consortia ({e.DistinctPlans:N0} distinct) from {e.Chains.Count} chains in {e.ElapsedSeconds:0.0} s; {e.Chains.Sum(c => c.Steps):N0} steps, {e.AcceptanceRate:P2} accepted.");
        if (e.DistinctPlans < e.Plans)
            Console.WriteLine($"  {e.Plans - e.DistinctPlans:N0} records repeat a plan recorded before (a chain that kept its plan, or came back to it, between records); a larger --thin spaces the records further apart.");
        Console.WriteLine("  statistic                  mean         sd  split R-hat     ESS");
        foreach (var s in e.Convergence.Statistics)
            Console.WriteLine(s.Constant
                ? $"  {s.Name,-22} {s.Mean,10:0.###} {"constant",10}"
                : $"  {s.Name,-22} {s.Mean,10:0.###} {s.StandardDeviation,10:0.###} {s.SplitRHat,12:0.000} {s.EffectiveSampleSize,7:0}");
        Console.WriteLine($"  {e.Convergence.Verdict}");
        Console.WriteLine($"Wrote {outDir}: {string.Join(", ", EnsembleFiles.Names)} ({writeSeconds:0.0} s).");
    }
}
