using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving.Search;

/// <summary>
/// The annealing schedule's penalty weights: λ rises while a rule is broken, to a lower ceiling with balance or share
/// rules than with population bounds alone, and the balance guidance keeps the starting λ however far λ rises (weighted
/// by the risen λ, it outweighed compactness and balance was bought with tendrils: issue 12 part 2).
/// </summary>
public sealed class ScheduleTests
{
    private static double RiseFor(Schedule s, int ticks)
    {
        for (int i = 0; i < ticks; i++) s.Advance(0.5, violating: true);
        return s.Lambda;
    }

    [Fact]
    public void With_balance_rules_lambda_stops_at_a_hundred_times_its_start_and_the_guidance_weight_stays_at_the_start()
    {
        var s = new Schedule();
        s.Start(2.0, balance: true);
        double start = s.Lambda;
        Assert.Equal(start, s.GuideLambda);
        double risen = RiseFor(s, 2_000);
        Assert.Equal(100 * start, risen, 6);
        Assert.Equal(start, s.GuideLambda);
    }

    [Fact]
    public void With_population_bounds_alone_lambda_rises_far_higher()
    {
        var s = new Schedule();
        s.Start(2.0, balance: false);
        double start = s.Lambda;
        double risen = RiseFor(s, 2_000);
        Assert.Equal(1e6 * start, risen, 1);
    }

    [Fact]
    public void Lambda_eases_while_every_rule_is_met()
    {
        var s = new Schedule();
        s.Start(2.0, balance: true);
        double risen = RiseFor(s, 50);
        s.Advance(0.6, violating: false);
        Assert.True(s.Lambda < risen);
    }

    [Fact]
    public void A_closing_repair_starts_lambda_at_the_balance_ceiling_and_lets_it_rise_past_it_with_the_guidance_at_the_start()
    {
        var usual = new Schedule();
        usual.Start(2.0, balance: true);
        var s = new Schedule();
        s.Start(2.0, balance: true, closing: true);
        Assert.Equal(100 * usual.Lambda, s.Lambda, 6);
        Assert.Equal(usual.GuideLambda, s.GuideLambda);
        double risen = RiseFor(s, 2_000);
        Assert.Equal(1e6 * usual.Lambda, risen, 1);
        Assert.Equal(usual.GuideLambda, s.GuideLambda);
    }
}
