using Partitioner.Core.Statistics;

namespace Partitioner.Core.Tests.Statistics;

public sealed class NormalDistributionTests
{
    // Reference values of the standard normal upper tail (to 15+ significant digits, from published tables of erfc).
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.15865525393145705)]
    [InlineData(-1.0, 0.84134474606854293)]
    [InlineData(1.6448536269514722, 0.05)]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(3.0, 0.0013498980316300946)]
    [InlineData(5.0, 2.8665157187919391e-7)]
    [InlineData(8.0, 6.2209605742717841e-16)]
    public void The_upper_tail_matches_reference_values(double x, double expected)
    {
        double q = NormalDistribution.UpperTail(x);
        Assert.True(Math.Abs(q - expected) <= 1e-13 + 1e-11 * expected, $"Q({x}) = {q:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.05)]
    [InlineData(0.01)]
    [InlineData(1e-6)]
    [InlineData(0.999)]
    public void The_inverse_tail_gives_back_the_probability(double p)
    {
        double x = NormalDistribution.InverseUpperTail(p);
        Assert.Equal(p, NormalDistribution.UpperTail(x), p * 1e-9);
    }

    [Fact]
    public void The_fast_tail_is_within_its_stated_error_everywhere()
    {
        for (double x = -8; x <= 8; x += 0.01)
            Assert.True(Math.Abs(NormalDistribution.UpperTailFast(x) - NormalDistribution.UpperTail(x)) <= 1.5e-7, $"x = {x}");
    }

    [Fact]
    public void A_probability_outside_zero_to_one_has_no_quantile()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.InverseUpperTail(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.InverseUpperTail(1));
    }
}
