using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Xunit.Abstractions;

namespace Partitioner.Core.Tests.Solving;

/// <summary>
/// Rerunnable speed figures on a synthetic 90×90 jittered grid with random diagonals (8,100 practices, about 24,000
/// edges, about 7,000 patients each). Prints counters only: no timing assertions, so it never fails on a slow machine.
/// </summary>
public sealed class SolverSpeedCheck(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void A_national_sized_grid_is_solved_contiguously_and_its_speed_is_reported()
    {
        var rules = new ConsortiumRules { MinPatients = 100_000, MaxPatients = 750_000 };
        var problem = TestInstances.Grid(90, 90, rules, 1, meanPatients: 7_000, diagonals: true, jitter: 0.6);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 1_000_000, RecomShare = 0.01 });

        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Empty(PlanCheck.Measure(problem, result.ConsortiumOf, result.ConsortiumCount));
        var s = result.Statistics;
        double search = Math.Max(1e-9, (s.Elapsed - (s.TimeToFirstPlan ?? TimeSpan.Zero)).TotalSeconds);
        output.WriteLine($"practices {problem.PracticeCount}, edges {problem.Graph.EdgeCount}, consortia {result.ConsortiumCount}");
        output.WriteLine($"first plan {s.TimeToFirstPlan?.TotalMilliseconds:0} ms, elapsed {s.Elapsed.TotalMilliseconds:0} ms");
        output.WriteLine($"boundary moves evaluated {s.MovesEvaluated:N0} (~{s.MovesEvaluated / search:N0}/s incl. ReCom time), ReCom steps {s.RecomSteps:N0}");
        output.WriteLine($"objective {result.Objective.Total:0.###} km²");
    }
}
