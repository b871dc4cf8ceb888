using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

/// <summary>
/// The exact solve divides its limit among phases through <see cref="TimeBudget"/>: no phase may be granted more than what
/// is left, so no per-phase floor can carry the solve past its limit. Time is faked (a clock that moves on every reading),
/// so these tests assert the division, not how long anything took.
/// </summary>
public sealed class TimeBudgetTests
{
    /// <summary>A clock that moves <c>step</c> forward every time it is read, and can be moved by hand.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public void A_grant_is_a_share_of_what_is_left_never_more_and_nothing_after_the_limit()
    {
        var clock = new SteppingClock(TimeSpan.Zero);
        using var budget = new TimeBudget(TimeSpan.FromSeconds(10), clock);
        Assert.Equal(TimeSpan.FromSeconds(10), budget.Grant("all"));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.FromSeconds(2), budget.Grant("half", 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), budget.Grant("capped", 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(4), budget.Grant("more than all", 3));
        clock.Advance(TimeSpan.FromSeconds(3.7));
        // 0.3 s left: a phase asking for at least a second gets 0.3 s.
        Assert.Equal(TimeSpan.FromSeconds(0.3), budget.Grant("short", 1, TimeSpan.FromSeconds(5)));
        Assert.True(budget.Below(TimeSpan.FromSeconds(1)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, budget.Left);
        Assert.Equal(TimeSpan.Zero, budget.Grant("late"));
        Assert.Equal(["all", "half", "capped", "more than all", "short", "late"], budget.Phases.Select(p => p.Phase));
        Assert.All(budget.Phases, p => Assert.True(p.Granted <= p.Left, $"{p.Phase}: {p.Granted} granted with {p.Left} left"));
    }

    /// <summary>
    /// A path of four practices of 16,000 patients with localities of at most 30,000: the patient range allows 3, but no two
    /// neighbours fit together, so the seed has 4 and the solve goes through the listing, heuristic seed, count bound and
    /// compactness phases. With the clock running fast (each reading up to 4 s on, of a 10 s limit) the later phases start
    /// with little or nothing left, and each must still be granted at most what is left.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(2.5)]
    [InlineData(4.0)]
    public void Every_phase_of_an_exact_solve_is_granted_at_most_what_is_left(double stepSeconds)
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000, CountPreference = CountPreference.Fewest };
        var problem = TestProblems.Path(TestProblems.Filled(4, 16_000), rules);
        var limit = TimeSpan.FromSeconds(10);
        var options = new ExactOptions { TimeLimit = limit, Clock = new SteppingClock(TimeSpan.FromSeconds(stepSeconds)) };

        var result = ExactSolver.Solve(problem, options);

        Assert.Equal(["listing candidates", "heuristic seed", "count bound (LP and cuts)"], result.Phases.Take(3).Select(p => p.Phase));
        foreach (var phase in result.Phases)
        {
            Assert.True(phase.Granted <= phase.Left, $"{phase.Phase}: {phase.Granted} granted with {phase.Left} left");
            Assert.True(phase.Left == TimeSpan.Zero || phase.At + phase.Left <= limit, $"{phase.Phase}: {phase.Left} left at {phase.At} of {limit}");
            Assert.True(phase.Granted == TimeSpan.Zero || phase.At + phase.Granted <= limit, $"{phase.Phase}: {phase.Granted} from {phase.At} ends past {limit}");
        }
        // However little time the later phases had, the answer is a valid plan (the heuristic's at worst).
        Assert.True(result.HasPlan, result.Message);
        Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf!));
    }

    /// <summary>The locality splitter runs the heuristic and then the exact solve in one limit; its phases obey the same rule.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Every_phase_of_a_locality_split_is_granted_at_most_what_is_left(double stepSeconds)
    {
        var patients = TestProblems.RandomPatients(25, 41, 4_000, 12_000);
        var area = TestProblems.Grid(5, 5, patients, new ConsortiumRules());
        var limit = TimeSpan.FromSeconds(8);
        var options = new ExactOptions { TimeLimit = limit, Clock = new SteppingClock(TimeSpan.FromSeconds(stepSeconds)) };

        var result = LocalitySplitter.Split(area, 30_000, 0, options);

        Assert.Contains(result.Phases, p => p.Phase.StartsWith("heuristic split", StringComparison.Ordinal));
        foreach (var phase in result.Phases)
        {
            Assert.True(phase.Granted <= phase.Left, $"{phase.Phase}: {phase.Granted} granted with {phase.Left} left");
            Assert.True(phase.Granted == TimeSpan.Zero || phase.At + phase.Granted <= limit, $"{phase.Phase}: {phase.Granted} from {phase.At} ends past {limit}");
        }
        Assert.True(result.HasPlan, result.Message);
    }
}
