using Partitioner.Core.Ensembles;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Tests.Ensembles;

public sealed class EnsembleSamplerTests
{
    [Fact]
    public void The_same_seed_gives_the_same_ensemble_on_one_thread_and_on_four()
    {
        var one = EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options(threads: 1));
        var four = EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options(threads: 4));
        Assert.Equal(one.Plans, four.Plans);
        for (int c = 0; c < PlanColumns.Names.Count; c++) Assert.Equal(one.Columns[c], four.Columns[c]);
        Assert.Equal(one.PlanStep, four.PlanStep);
        Assert.Equal(one.Together, four.Together);
        for (int c = 0; c < one.Rows.Count; c++) Assert.Equal(one.Rows[c].Deflated, four.Rows[c].Deflated);
        Assert.Equal(one.Chains.Select(c => c.Accepted), four.Chains.Select(c => c.Accepted));
    }

    [Fact]
    public void Chains_sampled_one_at_a_time_and_moved_as_bytes_assemble_to_the_same_ensemble()
    {
        var options = RegionEnsembles.Options(plans: 42, threads: 1);
        var whole = EnsembleSampler.Sample(RegionEnsembles.Study, options);
        var setup = EnsembleSampler.Prepare(RegionEnsembles.Study, options);
        // Sampled in reverse order (as other machines might), each through its bytes.
        var chains = Enumerable.Range(0, options.Chains).Reverse()
            .Select(c => EnsembleChain.FromBytes(EnsembleSampler.SampleChain(setup, c).ToBytes())).OrderBy(c => c.Chain).ToList();
        Assert.Equal(new[] { 11, 11, 10, 10 }, chains.Select(c => c.Plans));
        var parts = EnsembleSampler.Assemble(setup, chains, 1.0);
        Assert.Equal(whole.Plans, parts.Plans);
        for (int c = 0; c < PlanColumns.Names.Count; c++)
            Assert.Equal(whole.Columns[c].Select(v => double.IsNaN(v) ? -1 : v), parts.Columns[c].Select(v => double.IsNaN(v) ? -1 : v));
        Assert.Equal(whole.PlanChain, parts.PlanChain);
        Assert.Equal(whole.PlanStep, parts.PlanStep);
        Assert.Equal(whole.Together, parts.Together);
        Assert.Equal(whole.DistinctPlans, parts.DistinctPlans);
        for (int c = 0; c < whole.Rows.Count; c++) Assert.Equal(whole.Rows[c].Deflated, parts.Rows[c].Deflated);
        Assert.Equal(whole.Chains.Select(c => (c.Plans, c.Steps, c.Accepted, c.StartSteps)), parts.Chains.Select(c => (c.Plans, c.Steps, c.Accepted, c.StartSteps)));
        Assert.Equal(whole.Convergence.Verdict, parts.Convergence.Verdict);
        Assert.Throws<ArgumentException>(() => EnsembleSampler.Assemble(setup, chains.Take(3).ToList(), 1.0));
        Assert.Throws<ArgumentException>(() => EnsembleSampler.Assemble(setup, [chains[1], chains[0], chains[2], chains[3]], 1.0));
    }

    [Fact]
    public void Another_seed_gives_another_ensemble()
    {
        var a = EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options(plans: 40));
        var b = EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options(plans: 40, seed: 6));
        Assert.NotEqual(a.Columns[PlanColumns.CutEdges], b.Columns[PlanColumns.CutEdges]);
    }

    [Fact]
    public void Every_recorded_plan_has_the_count_is_contiguous_and_meets_every_rule()
    {
        var study = RegionEnsembles.Study;
        var ensemble = EnsembleSampler.Sample(study, RegionEnsembles.Options());
        Assert.Equal(120, ensemble.Plans);
        Assert.Equal(Enumerable.Repeat(30, 4), ensemble.Chains.Select(c => c.Plans));
        Assert.All(ensemble.Columns[PlanColumns.Count], k => Assert.Equal(8, k));
        Assert.All(ensemble.Columns[PlanColumns.DeprivationWorst], d => Assert.True(d <= 30 + 1e-6, $"worst deprivation deviation {d}%"));
        Assert.True(ensemble.Chains.All(c => c.Accepted > 0), "every chain moved");
        Assert.True(ensemble.DistinctPlans > 60, $"{ensemble.DistinctPlans} distinct plans of 120");
        var names = Enumerable.Range(1, 8).Select(i => $"E{i}").ToArray();
        var codes = study.Practices.Practices.Select(p => p.Code).ToList();
        Assert.Equal(codes, ensemble.PracticeCodes);
        int seen = 0;
        ensemble.ForEachPlan((p, labels) =>
        {
            var evaluation = PlanEvaluator.Evaluate(study.Geography, new Plan(names, (int[])labels.Clone()), study.Rules, withPolygons: false);
            Assert.True(evaluation.Summary.MeetsAllRules, $"plan {p} breaks a rule: {string.Join("; ", evaluation.Consortia.SelectMany(c => c.Violations).Select(v => v.Message))}");
            Assert.All(evaluation.Consortia, c => Assert.Equal(1, c.Pieces));
            seen++;
        });
        Assert.Equal(120, seen);
    }

    [Fact]
    public void Distinct_plans_count_each_plan_once_when_records_repeat()
    {
        // Recording after every step, most records repeat the plan before them (most steps keep the plan): the count of
        // distinct plans must be the number of different plans among the records, under any numbering of the consortia,
        // in the ensemble, in ensemble.json and after reading the files back.
        var study = RegionEnsembles.Study;
        var ensemble = EnsembleSampler.Sample(study, RegionEnsembles.Options(plans: 200) with { Thin = 1 });
        var keys = new HashSet<string>();
        int repeats = 0;
        string? previous = null;
        ensemble.ForEachPlan((p, labels) =>
        {
            string key = SmallGraphs.Key(labels);
            keys.Add(key);
            if (key == previous && ensemble.PlanChain[p] == ensemble.PlanChain[p - 1]) repeats++;
            previous = key;
        });
        Assert.True(repeats > 20, $"{repeats} records repeat the one before");
        Assert.Equal(keys.Count, ensemble.DistinctPlans);
        Assert.True(ensemble.DistinctPlans <= 200 - repeats, $"{ensemble.DistinctPlans} distinct of 200 with {repeats} repeats");
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-ensemble-distinct-{Guid.NewGuid():N}");
        EnsembleFiles.Write(dir, ensemble, study, new System.Text.Json.Nodes.JsonObject());
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, EnsembleFiles.Summary)))!;
        Assert.Equal(keys.Count, summary["distinct_plans"]!.GetValue<int>());
        Assert.Equal(keys.Count, EnsembleFiles.Read(dir).DistinctPlans);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void The_files_read_back_to_the_same_ensemble()
    {
        var study = RegionEnsembles.Study;
        var ensemble = EnsembleSampler.Sample(study, RegionEnsembles.Options(plans: 40));
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-ensemble-files-{Guid.NewGuid():N}");
        EnsembleFiles.Write(dir, ensemble, study, new System.Text.Json.Nodes.JsonObject { ["test"] = true });
        foreach (var name in EnsembleFiles.Names) Assert.True(File.Exists(Path.Combine(dir, name)), name);
        var read = EnsembleFiles.Read(dir);
        Assert.Equal(ensemble.PracticeCodes, read.PracticeCodes);
        Assert.Equal(ensemble.Count, read.Count);
        for (int c = 0; c < PlanColumns.Names.Count; c++)
            Assert.Equal(ensemble.Columns[c].Select(v => double.IsNaN(v) ? -1 : v), read.Columns[c].Select(v => double.IsNaN(v) ? -1 : v));
        Assert.Equal(ensemble.PlanChain, read.PlanChain);
        Assert.Equal(ensemble.PlanStep, read.PlanStep);
        Assert.Equal(ensemble.Together, read.Together);
        Assert.Equal(ensemble.EdgeFrom, read.EdgeFrom);
        Assert.Equal(ensemble.Chains.Select(c => (c.Plans, c.Steps, c.Proposals, c.Accepted, c.WalkSteps, c.StartSteps)),
            read.Chains.Select(c => (c.Plans, c.Steps, c.Proposals, c.Accepted, c.WalkSteps, c.StartSteps)));
        var rows = new List<int[]>();
        ensemble.ForEachPlan((_, r) => rows.Add((int[])r.Clone()));
        read.ForEachPlan((p, r) => Assert.Equal(rows[p], r));
        Assert.Equal(ensemble.Convergence.Verdict, read.Convergence.Verdict);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, EnsembleFiles.Summary)))!;
        Assert.Contains("spanning-tree-weighted", summary["distribution"]!.GetValue<string>());
        Assert.Equal(10, summary["convergence"]!["statistics"]!.AsArray().Count);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Bad_options_are_all_named_at_once()
    {
        var e = Assert.Throws<InputException>(() => EnsembleSampler.Sample(RegionEnsembles.Study, new EnsembleOptions { Plans = 0, Chains = 0, Thin = 0, BurnIn = -1 }));
        Assert.Equal(["chains", "plans", "thin", "burn_in"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void An_ensemble_of_more_steps_than_any_run_can_take_is_refused_before_it_starts()
    {
        // Thinned 2^31 - 1 times, ten plans take 2e10 steps (the CLI ran on; the service's job could not be given a
        // deadline); 64 chains of a burn-in near long.MaxValue overflow a long.
        var thin = Assert.Throws<InputException>(() => EnsembleSampler.Sample(RegionEnsembles.Study, new EnsembleOptions { Plans = 10, Chains = 2, Thin = int.MaxValue }));
        Assert.Equal(["plans × thin + chains × burn_in"], thin.Problems.Select(p => p.Field));
        var burnIn = new EnsembleOptions { Plans = 100, Chains = 64, BurnIn = long.MaxValue, StartSteps = long.MaxValue }.Problems();
        Assert.Equal(["plans × thin + chains × burn_in", "start_steps"], burnIn.Select(p => p.Field));
        Assert.Empty(new EnsembleOptions { Plans = 100_000, Chains = 4, Thin = 9_999, BurnIn = 1_000 }.Problems());
    }

    [Fact]
    public void A_count_the_rules_cannot_reach_is_refused_with_the_range()
    {
        var e = Assert.Throws<InputException>(() => EnsembleSampler.Sample(RegionEnsembles.Study, RegionEnsembles.Options() with { Count = 40 }));
        Assert.Contains("allow 4–27 consortia", e.Problems[0].Message);
    }

    [Fact]
    public void Rules_no_starting_plan_can_meet_are_reported_not_run_forever()
    {
        // Deprivation and spend within ±0.1% for every one of 8 consortia: not provably impossible, but the starting-plan
        // repair cannot reach it within its budget and says so.
        var study = RegionEnsembles.Prepare(new ConsortiumRules { Deprivation = new BalanceTolerance(0.001, ToleranceKind.Relative), Spend = new BalanceTolerance(0.001, ToleranceKind.Relative) });
        var e = Assert.Throws<InputException>(() => EnsembleSampler.Sample(study, RegionEnsembles.Options() with { StartSteps = 20_000 }));
        Assert.Contains("No starting plan of 8 consortia meeting every rule", e.Problems[0].Message);
    }
}
