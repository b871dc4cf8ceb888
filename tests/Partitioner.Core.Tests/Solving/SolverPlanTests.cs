using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class SolverPlanTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 18).Select(s => new object[] { s });

    private static Problem RandomInstance(int seed, bool tightBalance)
    {
        var rng = new Random(seed * 7919);
        double min = 20_000 + 10_000 * rng.Next(6);
        var rules = new ConsortiumRules
        {
            MinPatients = min,
            MaxPatients = min * (1.6 + 2 * rng.NextDouble()),
            Deprivation = tightBalance ? new BalanceTolerance(0.02 + 0.1 * rng.NextDouble(), ToleranceKind.Relative)
                : rng.Next(2) == 0 ? new BalanceTolerance(0.35, ToleranceKind.Relative) : null,
            Spend = rng.Next(3) == 0 ? new BalanceTolerance(tightBalance ? 3 : 15, ToleranceKind.Absolute) : null,
        };
        return (seed % 3) switch
        {
            0 => TestInstances.Grid(4 + rng.Next(7), 4 + rng.Next(7), rules, seed),
            1 => TestInstances.Grid(5 + rng.Next(6), 5 + rng.Next(6), rules, seed, diagonals: true, jitter: 0.6),
            _ => TestInstances.Islands(new[] { 4 + rng.Next(4), 2 + rng.Next(4), 3 + rng.Next(3) }, rules, seed),
        };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_plan_is_contiguous_and_in_bounds_or_the_result_says_why(int seed)
    {
        var problem = RandomInstance(seed, tightBalance: false);
        var result = Solver.Solve(problem, new SolverOptions { Seed = (ulong)seed, Restarts = 2, MaxSteps = 15_000 });

        if (result.Status == SolveStatus.Feasible)
        {
            Assert.Equal(problem.PracticeCount, result.ConsortiumOf.Length);
            Assert.Empty(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount));
            Assert.Equal(PlanCheck.Compactness(problem, result.ConsortiumOf, result.ConsortiumCount), result.Objective.Compactness, 6);
        }
        else
        {
            Assert.Equal(SolveStatus.Infeasible, result.Status);
            Assert.Empty(result.ConsortiumOf);
            Assert.NotEmpty(result.Issues);
            Assert.All(result.Issues, i => Assert.False(string.IsNullOrWhiteSpace(i.Message)));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Best_effort_lists_exactly_the_rules_its_plan_breaks(int seed)
    {
        var problem = RandomInstance(seed, tightBalance: true);
        var result = Solver.Solve(problem, new SolverOptions { Seed = (ulong)seed, Restarts = 2, MaxSteps = 15_000, Mode = SolveMode.BestEffort });

        Assert.NotEqual(SolveStatus.Infeasible, result.Status);
        var measured = PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount).ToHashSet();
        var reported = result.Issues.Where(i => !i.Proven && i.Consortium >= 0).Select(i => new PlanCheck.Broken(i.Kind, i.Consortium)).ToHashSet();
        Assert.Equal(measured.OrderBy(b => (b.Consortium, b.Kind)), reported.OrderBy(b => (b.Consortium, b.Kind)));
        Assert.Equal(measured.Count == 0, result.Status == SolveStatus.Feasible);
        Assert.DoesNotContain(measured, b => b.Kind == InfeasibilityKind.NotContiguous);
    }

    [Fact]
    public void Same_seed_gives_the_same_plan_with_one_and_with_two_worker_threads()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000, Deprivation = new BalanceTolerance(0.2, ToleranceKind.Relative), SpreadWeight = 1, DisruptionWeight = 0.5 };
        var problem = TestInstances.Grid(14, 12, rules, 5, diagonals: true, jitter: 0.5, groups: true);
        var options = new SolverOptions { Seed = 42, Restarts = 4, MaxSteps = 30_000, Mode = SolveMode.BestEffort };
        var one = Solver.Solve(problem, options with { MaxDegreeOfParallelism = 1 });
        var two = Solver.Solve(problem, options with { MaxDegreeOfParallelism = 2 });

        Assert.NotEmpty(one.ConsortiumOf);
        Assert.Equal(one.ConsortiumOf, two.ConsortiumOf);
        Assert.Equal(one.Objective, two.Objective);
        Assert.Equal(one.Statistics.MovesEvaluated, two.Statistics.MovesEvaluated);
    }

    [Fact]
    public void Different_seeds_explore_different_plans()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000 };
        var problem = TestInstances.Grid(12, 12, rules, 3);
        var a = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 2_000 });
        var b = Solver.Solve(problem, new SolverOptions { Seed = 2, Restarts = 1, MaxSteps = 2_000 });
        Assert.NotEqual(a.ConsortiumOf, b.ConsortiumOf);
    }

    [Fact]
    public void Locked_practices_share_a_consortium_named_after_their_lock_and_locks_stay_apart()
    {
        var rules = new ConsortiumRules { MinPatients = 60_000, MaxPatients = 200_000 };
        var locked = Enumerable.Repeat(-1, 64).ToArray();
        locked[0] = 0; locked[1] = 0; locked[8] = 0;
        locked[63] = 1; locked[62] = 1;
        locked[7] = 2;
        var problem = TestInstances.Grid(8, 8, rules, 11, locked: locked, lockNames: new[] { "West", "East", "Corner" });
        var result = Solver.Solve(problem, new SolverOptions { Seed = 3, Restarts = 2, MaxSteps = 20_000, RecomShare = 0.2 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        var plan = result.ConsortiumOf;
        Assert.Equal(plan[0], plan[1]);
        Assert.Equal(plan[0], plan[8]);
        Assert.Equal(plan[62], plan[63]);
        Assert.Equal(3, new[] { plan[0], plan[63], plan[7] }.Distinct().Count());
        Assert.Equal("West", result.ConsortiumNames[plan[0]]);
        Assert.Equal("East", result.ConsortiumNames[plan[63]]);
        Assert.Equal("Corner", result.ConsortiumNames[plan[7]]);
        Assert.Empty(PlanCheck.Measure(problem, plan, result.ConsortiumCount));
    }

    [Fact]
    public void A_feasible_balance_tolerance_is_met_in_the_final_plan()
    {
        // Deprivation rises steadily west to east, so every consortium must straddle the middle: a real constraint.
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 150_000, Deprivation = new BalanceTolerance(0.3, ToleranceKind.Relative) };
        var problem = TestInstances.Grid(12, 10, rules, 22, jitter: 0.4);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 9, Restarts = 2, MaxSteps = 150_000 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Empty(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount));
        Assert.NotNull(result.Statistics.TimeToFirstValidPlan);
    }

    [Theory]
    [InlineData(CountPreference.Fewest)]
    [InlineData(CountPreference.Most)]
    public void Count_preference_picks_the_fewest_or_most_consortia_the_bounds_allow(CountPreference preference)
    {
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 200_000, CountPreference = preference };
        var problem = TestInstances.Grid(10, 10, rules, 4);
        double total = problem.Patients.Sum();
        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = 5_000 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        if (preference == CountPreference.Fewest) Assert.Equal((int)Math.Ceiling(total / 200_000), result.ConsortiumCount);
        else Assert.InRange(result.ConsortiumCount, (int)Math.Floor(total / 50_000) - 3, (int)Math.Floor(total / 50_000));
    }

    [Fact]
    public void Cancelling_mid_search_returns_the_best_plan_so_far()
    {
        using var cts = new CancellationTokenSource();
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000 };
        var problem = TestInstances.Grid(12, 12, rules, 8);
        var progress = new CancelOnReport(cts);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 50_000_000, Progress = progress, ProgressInterval = TimeSpan.Zero }, cts.Token);

        Assert.Equal(TerminationReason.Cancelled, result.Termination);
        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.True(result.Statistics.Steps < 50_000_000);
        Assert.True(progress.Reports > 0);
    }

    private sealed class CancelOnReport(CancellationTokenSource cts) : IProgress<SolveProgress>
    {
        public int Reports;
        public void Report(SolveProgress value)
        {
            Reports++;
            cts.Cancel();
        }
    }

    [Fact]
    public void Statistics_count_boundary_moves_and_recom_steps()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000 };
        var problem = TestInstances.Grid(10, 10, rules, 2);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = 10_000, RecomShare = 0.1 });

        Assert.Equal(20_000, result.Statistics.Steps);
        Assert.True(result.Statistics.MovesEvaluated > 0);
        Assert.True(result.Statistics.RecomSteps > 0);
        Assert.Equal(2, result.Statistics.Restarts);
        Assert.NotNull(result.Statistics.TimeToFirstPlan);
        Assert.NotEmpty(result.Statistics.BestScoreHistory);
        Assert.Equal(TerminationReason.StepBudget, result.Termination);
    }

    [Fact]
    public void The_deprived_share_rule_is_met_when_it_can_be()
    {
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 150_000, MinDeprivedShare = 0.3 };
        var problem = TestInstances.Grid(12, 10, rules, 13, jitter: 0.4);
        // The default four restarts: on this grid the rule is met at 9–11 and 13 consortia but not at 12, the mid-range
        // count the first restart starts from, so the plan needs the restarts that start from the counts around it.
        var result = Solver.Solve(problem, new SolverOptions { Seed = 4, Restarts = 4, MaxSteps = 300_000 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        // Independent measure: patients at practices above the patient-weighted median deprivation, per consortium.
        var known = Enumerable.Range(0, problem.PracticeCount).Where(i => !double.IsNaN(problem.Deprivation[i])).OrderBy(i => problem.Deprivation[i]).ToList();
        double half = known.Sum(i => problem.Patients[i]) / 2, acc = 0, median = double.NaN;
        foreach (int i in known) { acc += problem.Patients[i]; if (acc >= half) { median = problem.Deprivation[i]; break; } }
        for (int c = 0; c < result.ConsortiumCount; c++)
        {
            var members = Enumerable.Range(0, problem.PracticeCount).Where(i => result.ConsortiumOf[i] == c).ToList();
            double deprived = members.Where(i => problem.Deprivation[i] > median).Sum(i => problem.Patients[i]);
            Assert.True(deprived / members.Sum(i => problem.Patients[i]) >= 0.3 - 1e-12, $"consortium {c} share {deprived / members.Sum(i => problem.Patients[i])}");
        }
    }
}
