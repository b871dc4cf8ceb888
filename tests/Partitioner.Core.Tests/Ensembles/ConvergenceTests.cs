using Partitioner.Core.Ensembles;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Ensembles;

public sealed class ConvergenceTests
{
    private static double[] Normal(ref Xoshiro256 rng, int n, double mean = 0, double autocorrelation = 0)
    {
        var x = new double[n];
        double previous = 0;
        for (int i = 0; i < n; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            previous = autocorrelation * previous + Math.Sqrt(1 - autocorrelation * autocorrelation) * z;
            x[i] = mean + previous;
        }
        return x;
    }

    [Fact]
    public void Independent_draws_from_one_distribution_have_split_rhat_near_1_and_full_effective_size()
    {
        var rng = new Xoshiro256(11);
        var chains = Enumerable.Range(0, 4).Select(_ => Normal(ref rng, 1000)).ToList();
        Assert.InRange(Convergence.SplitRHat(chains), 0.99, 1.01);
        Assert.InRange(Convergence.EffectiveSampleSize(chains), 3000, 5000);
    }

    [Fact]
    public void Chains_stuck_in_different_places_have_a_large_split_rhat()
    {
        var rng = new Xoshiro256(12);
        var chains = new List<double[]> { Normal(ref rng, 500, 0), Normal(ref rng, 500, 0), Normal(ref rng, 500, 1), Normal(ref rng, 500, 1) };
        Assert.True(Convergence.SplitRHat(chains) > 1.1);
        var report = ConvergenceReport.Of(["x"], [chains], 4);
        Assert.False(report.Trusted);
        Assert.Contains("Too short to trust", report.Verdict);
        Assert.Contains("x (split R-hat", report.Verdict);
    }

    [Fact]
    public void A_drifting_chain_is_caught_by_splitting_it()
    {
        // One chain whose first half differs from its second: plain R-hat over one chain cannot see it, split R-hat can.
        var rng = new Xoshiro256(13);
        var first = Normal(ref rng, 500, 0);
        var second = Normal(ref rng, 500, 2);
        Assert.True(Convergence.SplitRHat([first.Concat(second).ToArray()]) > 1.2);
    }

    [Fact]
    public void Autocorrelated_draws_have_the_effective_size_theory_gives()
    {
        // An AR(1) series with ρ = 0.9 carries N (1 − ρ) / (1 + ρ) ≈ 0.053 N independent draws' worth of information.
        var rng = new Xoshiro256(14);
        var chains = Enumerable.Range(0, 4).Select(_ => Normal(ref rng, 5000, 0, 0.9)).ToList();
        double expected = 20_000 * 0.1 / 1.9;
        Assert.InRange(Convergence.EffectiveSampleSize(chains), 0.6 * expected, 1.5 * expected);
    }

    [Fact]
    public void A_constant_statistic_has_no_diagnostics_and_passes()
    {
        var chains = new List<double[]> { Enumerable.Repeat(7.0, 100).ToArray(), Enumerable.Repeat(7.0, 100).ToArray() };
        Assert.True(double.IsNaN(Convergence.SplitRHat(chains)));
        var report = ConvergenceReport.Of(["count"], [chains], 2);
        Assert.True(report.Statistics[0].Constant);
        Assert.True(report.Trusted);
        Assert.StartsWith("Converged", report.Verdict);
    }
}
