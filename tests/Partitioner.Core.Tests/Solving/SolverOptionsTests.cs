using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class SolverOptionsTests
{
    private static Problem Grid(ConsortiumRules? rules = null) =>
        TestInstances.Grid(10, 10, rules ?? new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000 }, 6);

    [Fact]
    public void A_stall_limit_ends_each_restart_early_and_says_so()
    {
        var result = Solver.Solve(Grid(), new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = 10_000_000, StallLimit = 5_000 });

        Assert.Equal(TerminationReason.Stalled, result.Termination);
        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.True(result.Statistics.Steps < 20_000_000);
    }

    [Fact]
    public void A_time_limit_is_a_safety_stop_that_reports_itself()
    {
        var result = Solver.Solve(Grid(), new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = long.MaxValue / 4, TimeLimit = TimeSpan.Zero });

        Assert.Equal(TerminationReason.TimeLimit, result.Termination);
    }

    [Fact]
    public void Progress_reports_steps_and_whether_a_valid_plan_exists()
    {
        var reports = new List<SolveProgress>();
        var progress = new SyncProgress(reports);
        var result = Solver.Solve(Grid(), new SolverOptions { Seed = 1, Restarts = 2, MaxSteps = 200_000, Progress = progress, ProgressInterval = TimeSpan.Zero, MaxDegreeOfParallelism = 1 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.NotEmpty(reports);
        Assert.True(reports[^1].FeasibleFound);
        Assert.Equal(2, reports[^1].RestartsCompleted);
        Assert.True(reports[^1].Steps > 0);
    }

    private sealed class SyncProgress(List<SolveProgress> sink) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value)
        {
            lock (sink) sink.Add(value);
        }
    }

    [Fact]
    public void Strict_mode_returns_no_plan_when_the_search_cannot_meet_a_tolerance_and_lists_what_was_missed()
    {
        // A 0.5% deprivation tolerance on a strongly west-east graded area: not provably impossible, but not met.
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 120_000, Deprivation = new BalanceTolerance(0.005, ToleranceKind.Relative) };
        var result = Solver.Solve(Grid(rules), new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 5_000 });

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(result.ConsortiumOf);
        var summary = Assert.Single(result.Issues, i => i.Kind == InfeasibilityKind.NotMetBySearch);
        Assert.False(summary.Proven);
        Assert.Contains(result.Issues, i => i.Kind == InfeasibilityKind.DeprivationBalance && !i.Proven && i.Message.Contains("mean deprivation"));
    }

    [Fact]
    public void A_heavy_disruption_weight_keeps_a_valid_existing_grouping_intact()
    {
        // Existing groups are 6 blocks of 4×5 practices (about 200,000 patients each), all valid consortia.
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 300_000, DisruptionWeight = 1_000 };
        var problem = TestInstances.Grid(12, 10, rules, 4, groups: true);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 2, Restarts = 2, MaxSteps = 60_000 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(0, result.Objective.Disruption, 9);
        for (int v = 0; v < problem.PracticeCount; v++)
            for (int w = 0; w < problem.PracticeCount; w++)
                Assert.Equal(problem.ExistingGroup[v] == problem.ExistingGroup[w], result.ConsortiumOf[v] == result.ConsortiumOf[w]);
    }

    [Fact]
    public void Malformed_input_is_rejected_with_the_practice_named()
    {
        var problem = TestInstances.FromEdges(2, new[] { (0, 1) }, new[] { 50_000.0, 0 }, new ConsortiumRules());
        var error = Assert.Throws<ArgumentException>(() => Solver.Solve(problem));
        Assert.Contains("Practice 1", error.Message);
    }
}
