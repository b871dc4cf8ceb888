using System.CommandLine;
using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary><c>partitioner solve</c>: finds a plan that meets the rules.</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var countMin = new Option<int?>("--count-min") { Description = "Fewest consortia allowed." };
        var countMax = new Option<int?>("--count-max") { Description = "Most consortia allowed (e.g. 100 across England)." };
        var targetSize = new Option<double?>("--target-size") { Description = "Aim for consortia of about this many patients (e.g. 500000)." };
        var prefer = new Option<string>("--prefer") { Description = "Count preference: none, fewest, most or nearest (to --target-size).", DefaultValueFactory = _ => "none" };
        var locks = new Option<string[]>("--lock") { Description = "Pin a practice to a named consortium: --lock A81001=Tees. Repeatable." };
        var objective = new Option<string[]>("--objective") { Description = "Extra objective terms besides compactness: spread=WEIGHT (deprivation/spend spread across consortia), disruption=WEIGHT (patients separated from their --group-by group), risk=WEIGHT (overspend risk beyond --risk-reserve); disruption and risk weights are dimensionless (1 = one reference compactness for a share of 1). Repeatable." };
        var groupBy = new Option<string?>("--group-by") { Description = "The current map's grouping field (e.g. ccg_code): the transition report, the disruption term and --max-moves use it." };
        var levels = new LevelOptions();
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same input and seed give the same plan.", DefaultValueFactory = _ => 1 };
        var time = new Option<double>("--time") { Description = "Time limit in seconds.", DefaultValueFactory = _ => 60 };
        var maxSteps = new Option<long?>("--max-steps") { Description = "Step budget per restart (for reproducible runs independent of machine speed). Default: 400 x practices; small areas get 50,000,000 / practices, 200,000 to 2,000,000." };
        var restarts = new Option<int>("--restarts") { Description = "Independent restarts (run in parallel).", DefaultValueFactory = _ => 4 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores). The plan does not depend on it." };
        var exact = new Option<bool>("--exact") { Description = "After the heuristic, prove the optimum with CBC (small areas, up to ~50 practices), warm-started from a heuristic plan." };
        var recombine = new Option<bool>("--recombine") { Description = "Keep the valid consortia the search meets (up to 3,000) and let CBC choose the most compact set of them that covers every practice." };
        var mode = new Option<string>("--mode") { Description = "strict (no plan unless every rule is met; says why) or best-effort (least-violating plan, every violation listed).", DefaultValueFactory = _ => "strict" };
        var command = new Command("solve", "Find a plan of contiguous, balanced consortia within the population bounds.");
        study.AddTo(command);
        foreach (var o in new Option[] { countMin, countMax, targetSize, prefer, locks, objective, groupBy, seed, time, maxSteps, restarts, threads, mode, exact, recombine })
            command.Options.Add(o);
        levels.AddTo(command);

        command.SetAction(r => CommandRunner.Run(() =>
        {
            var rules = study.Rules(r) with
            {
                MinCount = r.GetValue(countMin),
                MaxCount = r.GetValue(countMax),
                TargetSize = r.GetValue(targetSize),
                CountPreference = (r.GetValue(prefer) ?? "none").ToLowerInvariant() switch
                {
                    "none" => CountPreference.None,
                    "fewest" => CountPreference.Fewest,
                    "most" => CountPreference.Most,
                    "nearest" or "target" => CountPreference.NearestTarget,
                    var other => throw new InputException("--prefer", "prefer", other, "Use none, fewest, most or nearest."),
                },
            };
            if (rules.CountPreference == CountPreference.NearestTarget && rules.TargetSize is null)
                throw new InputException("--prefer", "prefer", "nearest", "Give --target-size with --prefer nearest.");
            if (rules.TargetSize is not null && rules.CountPreference == CountPreference.None)
                rules = rules with { CountPreference = CountPreference.NearestTarget };
            string? existing = r.GetValue(groupBy);
            foreach (var spec in r.GetValue(objective) ?? [])
            {
                var (term, value) = StudyOptions.SplitPair(spec, "--objective", "term=weight, e.g. spread=0.5 or disruption=1");
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) || !(w >= 0) || !double.IsFinite(w))
                    throw new InputException("--objective", term, value, "The weight must be a number of 0 or more.");
                rules = term.ToLowerInvariant() switch
                {
                    "spread" => rules with { SpreadWeight = w },
                    "disruption" => rules with { DisruptionWeight = w },
                    "risk" => rules with { RiskWeight = w },
                    "compactness" => rules,
                    _ => throw new InputException("--objective", "term", term, "Objective terms are compactness (always on), spread, disruption and risk."),
                };
            }
            rules = rules with { RiskReserve = r.GetValue(levels.RiskReserve) };
            if (rules.DisruptionWeight > 0 && existing is null)
                throw new InputException("--objective", "disruption", null, "The disruption term needs the existing grouping: add --group-by FIELD (e.g. ccg_code).");
            var solveMode = (r.GetValue(mode) ?? "strict").ToLowerInvariant() switch
            {
                "strict" => SolveMode.Strict,
                "best-effort" or "best_effort" or "besteffort" => SolveMode.BestEffort,
                var other => throw new InputException("--mode", "mode", other, "Use strict or best-effort."),
            };
            double seconds = r.GetValue(time);
            if (!(seconds > 0)) throw new InputException("--time", "time", seconds.ToString(CultureInfo.InvariantCulture), "Give a time limit in seconds, more than 0.");
            var lockList = new List<KeyValuePair<string, string>>();
            foreach (var spec in r.GetValue(locks) ?? [])
            {
                var (code, name) = StudyOptions.SplitPair(spec, "--lock", "CODE=CONSORTIUM, e.g. A81001=Tees");
                lockList.Add(new(code, name));
            }

            var levelRequest = levels.Request(r, rules, existing, lockList);
            if (levelRequest.Any && (r.GetValue(exact) || r.GetValue(recombine)))
                throw new InputException("--exact/--recombine", "levels", null, "Exact mode and recombination do not yet combine with federations, the risk rule, the mosaic or a moves budget. Run them separately.");
            var parameters = study.Parameters(r, "solve");
            parameters["count_min"] = rules.MinCount;
            parameters["count_max"] = rules.MaxCount;
            parameters["target_size"] = rules.TargetSize;
            parameters["prefer"] = r.GetValue(prefer);
            parameters["seed"] = r.GetValue(seed);
            parameters["time_seconds"] = seconds;
            parameters["mode"] = r.GetValue(mode);
            parameters["exact"] = r.GetValue(exact);
            parameters["recombine"] = r.GetValue(recombine);
            parameters["group_by"] = existing;
            parameters["locks"] = LevelOptions.Pairs(r.GetValue(locks));
            parameters["objective"] = new System.Text.Json.Nodes.JsonObject { ["compactness"] = 1, ["spread"] = rules.SpreadWeight, ["disruption"] = rules.DisruptionWeight, ["risk"] = rules.RiskWeight };
            parameters["max_steps"] = r.GetValue(maxSteps);
            parameters["restarts"] = r.GetValue(restarts);
            levels.AddParameters(r, parameters);

            var s = study.Prepare(r, existing, rules);
            using var progress = new ProgressDisplay();
            var options = new SolverOptions
            {
                Seed = r.GetValue(seed),
                TimeLimit = TimeSpan.FromSeconds(seconds),
                MaxSteps = r.GetValue(maxSteps),
                Restarts = r.GetValue(restarts),
                MaxDegreeOfParallelism = r.GetValue(threads),
                Mode = solveMode,
                Progress = progress,
                CollectPool = r.GetValue(recombine) ? 3_000 : 0,
            };
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            if (levelRequest.Any)
            {
                var outcome = LevelsStudy.Solve(s, levelRequest, options, cancel.Token);
                progress.Finish();
                return LevelOptions.Finish(s, outcome, parameters, r.GetValue(study.Out)!, r.GetValue(study.Format));
            }
            var solution = s.Solve(options, lockList, rules.DisruptionWeight > 0, cancel.Token);
            progress.Finish();

            foreach (var issue in solution.Result.Issues)
                Console.Error.WriteLine($"  {(issue.Proven ? "cannot be met" : "not met")}: {issue.Message}");
            if (solution.Evaluation is null)
            {
                Console.Error.WriteLine("No plan meets every rule (strict mode). Relax the rules named above, or use --mode best-effort to get the least-violating plan.");
                return 4;
            }
            var extra = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["solver"] = solution.SolverSection };
            var evaluation = solution.Evaluation;
            if (r.GetValue(recombine))
                evaluation = Recombine(s, solution, seconds, extra) ?? evaluation;
            if (r.GetValue(exact))
            {
                Partitioner.Exact.Cbc.CbcLibrary.EnsureAvailable();
                // Exact mode seeds CBC with its own quick heuristic plan (set partitioning); a warm start passed in here
                // would also reach the flow fallback, where CBC 2.10 was seen to crash with MIP starts under short limits.
                var exactOptions = new Partitioner.Exact.ExactOptions { TimeLimit = TimeSpan.FromSeconds(seconds) };
                var proof = Partitioner.Exact.ExactSolver.Solve(solution.Problem, exactOptions);
                Console.Error.WriteLine($"  CBC: {proof.Status}, {proof.Elapsed.TotalSeconds:0.0} s. {proof.Message}");
                extra["exact"] = Partitioner.Exact.ExactReport.Section(proof, exactOptions);
                if (proof.ConsortiumOf is not null)
                {
                    var names = Enumerable.Range(1, proof.ConsortiumCount).Select(i => $"C{i:000}").ToArray();
                    evaluation = s.Evaluate(new Partitioner.Core.Plans.Plan(names, proof.ConsortiumOf));
                }
            }
            string outDir = r.GetValue(study.Out)!;
            foreach (var (name, section) in LevelsStudy.PlainSections(s, evaluation.Plan, levelRequest)) extra[name] = section;
            s.WriteOutputs(outDir, evaluation, parameters, extra);
            Summary.Print(evaluation, outDir);
            OutputFormat.Write(r.GetValue(study.Format), outDir);
            return evaluation.Summary.MeetsAllRules ? 0 : 3;
        }));
        return command;
    }

    /// <summary>
    /// Pool recombination: CBC chooses the most compact set partition of the practices from the valid consortia the
    /// search met, warm-started from the heuristic's plan. Returns the better evaluation, or null to keep the heuristic's.
    /// </summary>
    private static Evaluation? Recombine(Study study, StudySolution solution, double seconds, Dictionary<string, System.Text.Json.Nodes.JsonNode?> extra)
    {
        Partitioner.Exact.Cbc.CbcLibrary.EnsureAvailable();
        var pool = new Partitioner.Exact.CandidatePool();
        foreach (var members in solution.Result.Pool) pool.Add(members);
        if (solution.Plan is not null) pool.AddPlan(solution.Plan.ConsortiumOf);
        if (pool.Count == 0) return null;
        var options = new Partitioner.Exact.ExactOptions { TimeLimit = TimeSpan.FromSeconds(seconds), WarmStart = solution.Plan?.ConsortiumOf, MaxPractices = int.MaxValue };
        var problem = solution.Problem;
        var result = Partitioner.Exact.PoolRecombination.Choose(problem, pool.Candidates, options);
        Console.Error.WriteLine($"  CBC over a pool of {pool.Count:N0} valid consortia: {result.Status}, {result.Elapsed.TotalSeconds:0.0} s.");
        var section = Partitioner.Exact.ExactReport.Section(result, options);
        section["pool"] = pool.Count;
        extra["recombination"] = section;
        if (result.ConsortiumOf is null) return null;
        var names = Enumerable.Range(1, result.ConsortiumCount).Select(i => $"C{i:000}").ToArray();
        for (int i = 0; i < problem.PracticeCount; i++)
            if (problem.Locked[i] >= 0) names[result.ConsortiumOf[i]] = problem.LockNames[problem.Locked[i]];
        var recombined = study.Evaluate(new Plan(names, result.ConsortiumOf));
        var before = solution.Evaluation;
        bool better = before is null
            || (recombined.Summary.MeetsAllRules && (!before.Summary.MeetsAllRules || recombined.Summary.TotalInertiaKm2 < before.Summary.TotalInertiaKm2));
        if (before is not null)
            section["improvement_pct"] = Math.Round(100 * (before.Summary.TotalInertiaKm2 - recombined.Summary.TotalInertiaKm2) / before.Summary.TotalInertiaKm2, 3);
        section["used"] = better;
        return better ? recombined : null;
    }
}
