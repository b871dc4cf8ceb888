using Partitioner.Core.Ensembles;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;
using Xunit.Abstractions;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>
/// The chain samples the distribution it claims: on grids small enough to list every valid plan, the frequencies of
/// the chain's plans match the spanning-tree distribution π(plan) ∝ Π τ(consortium) restricted to plans meeting every
/// rule (computed exactly by the matrix-tree theorem).
/// </summary>
public sealed class ReversibleRecomChainTests(ITestOutputHelper output)
{
    /// <summary>
    /// Total variation between the chain's plan frequencies and π, against a tolerance of 4 × the total variation expected
    /// from N independent draws from π (Σ √(π(1−π) / 2πN), from E|X − Np| ≈ √(2Np(1−p)/π) per plan), where N is the
    /// records' effective sample size (the smaller of those of log π(plan) and of the cut-edge count, so correlation
    /// between records widens the tolerance as it should). The same test requires the uniform distribution over the valid
    /// plans (what a sampler ignoring the tree weights would give) to lie at least 5 tolerances from π, so a chain that
    /// sampled the wrong distribution could not pass.
    /// </summary>
    [Theory]
    [InlineData(4, 4, 4, 4, 4, 0.25)]   // 4×4 grid into 4 consortia of exactly 4 practices, deprivation within ±25%
    [InlineData(3, 4, 3, 3, 5, 0.30)]   // 3×4 grid into 3 consortia of 3–5 practices, deprivation within ±30%
    public void The_chain_samples_the_spanning_tree_distribution_over_valid_plans(int rows, int columns, int parts, int min, int max, double tolerance)
    {
        var rules = new ConsortiumRules
        {
            MinPatients = min * 1000, MaxPatients = max * 1000, Deprivation = new BalanceTolerance(tolerance, ToleranceKind.Relative),
        };
        // Deprivation rises by row with a little variation by column, so some shapes (a strip along the top or bottom
        // row) break the balance rule and are not in the space.
        var set = TestPractices.Grid(rows, columns, _ => 1000, i => 15 + 5 * (i / columns) + (i % columns) % 2);
        var study = Study.Prepare(set, rules);
        var graph = study.Geography.PracticeGraph;
        var check = new RuleCheck(rules, AreaBaseline.Of(set.Practices.Select(p => p.Patients).ToArray(), set.Practices.Select(p => p.Deprivation).ToArray(), set.Practices.Select(p => p.Spend).ToArray()));
        bool Valid(int[] members)
        {
            double patients = 0, dep = 0, spend = 0;
            foreach (int v in members) { patients += set[v].Patients; dep += set[v].Patients * set[v].Deprivation; spend += set[v].Spend; }
            return check.Violation(new ConsortiumTotals(patients, patients, dep, patients, spend, 0)) == 0;
        }
        var plans = SmallGraphs.Partitions(graph, parts, Valid, max);
        Assert.True(plans.Count >= 10, $"{plans.Count} valid plans");
        var target = new Dictionary<string, double>();
        foreach (var plan in plans)
        {
            double weight = 1;
            for (int c = 0; c < parts; c++) weight *= SmallGraphs.SpanningTrees(graph, Enumerable.Range(0, plan.Length).Where(v => plan[v] == c).ToArray());
            target[SmallGraphs.Key(plan)] = weight;
        }
        double total = target.Values.Sum();
        foreach (var key in target.Keys.ToList()) target[key] /= total;

        var model = EnsembleSampler.Model(study, new EnsembleOptions { Count = parts });
        var chain = new ReversibleRecomChain(model.Data, plans[0], parts);
        var rng = Xoshiro256.ForRestart(2024, 0);
        for (int s = 0; s < 20_000; s++) chain.Step(ref rng);
        const int Samples = 100_000, Thin = 20;
        var seen = new Dictionary<string, int>();
        var logWeight = new double[Samples];
        var cuts = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            for (int s = 0; s < Thin; s++) chain.Step(ref rng);
            var key = SmallGraphs.Key(chain.Assign);
            Assert.True(target.ContainsKey(key), $"the chain visited a plan that breaks a rule or is not contiguous: {key}");
            seen[key] = seen.GetValueOrDefault(key) + 1;
            logWeight[i] = Math.Log(target[key]);
            cuts[i] = SmallGraphs.CutEdges(graph, chain.Assign);
        }
        double effective = Math.Min(Convergence.EffectiveSampleSize([logWeight]), Convergence.EffectiveSampleSize([cuts]));

        double tv = 0.5 * target.Sum(t => Math.Abs(seen.GetValueOrDefault(t.Key) / (double)Samples - t.Value));
        double expectedTv = target.Values.Sum(p => Math.Sqrt(p * (1 - p) / (2 * Math.PI * effective)));
        double allowed = 4 * expectedTv;
        double uniformTv = 0.5 * target.Values.Sum(p => Math.Abs(1.0 / target.Count - p));
        output.WriteLine($"{plans.Count} valid plans; acceptance {(double)chain.Accepted / chain.Steps:P1}; effective sample size {effective:0} of {Samples}; TV {tv:0.0000}, expected from independent draws {expectedTv:0.0000}, allowed {allowed:0.0000}; uniform is at {uniformTv:0.0000}");
        Assert.True(uniformTv > 5 * allowed, $"the test cannot tell π from uniform ({uniformTv:0.0000} vs allowed {allowed:0.0000})");
        Assert.True(tv <= allowed, $"total variation {tv:0.0000} > {allowed:0.0000}");

        // The same on a statistic: the distribution of the number of cut edges.
        var exactCut = new Dictionary<int, double>();
        foreach (var plan in plans) { int c = SmallGraphs.CutEdges(graph, plan); exactCut[c] = exactCut.GetValueOrDefault(c) + target[SmallGraphs.Key(plan)]; }
        var sampledCut = new Dictionary<int, double>();
        foreach (var (key, count) in seen)
        {
            var labels = key.Select(ch => ch - 'a').ToArray();
            int c = SmallGraphs.CutEdges(graph, labels);
            sampledCut[c] = sampledCut.GetValueOrDefault(c) + count / (double)Samples;
        }
        double cutTv = 0.5 * exactCut.Keys.Union(sampledCut.Keys).Sum(c => Math.Abs(exactCut.GetValueOrDefault(c) - sampledCut.GetValueOrDefault(c)));
        double cutAllowed = 4 * exactCut.Values.Sum(p => Math.Sqrt(p * (1 - p) / (2 * Math.PI * effective)));
        output.WriteLine($"cut edges: TV {cutTv:0.0000}, allowed {cutAllowed:0.0000}");
        Assert.True(cutTv <= cutAllowed, $"cut-edge total variation {cutTv:0.0000} > {cutAllowed:0.0000}");
    }
}
