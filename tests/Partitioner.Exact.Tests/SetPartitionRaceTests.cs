using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class SetPartitionRaceTests
{
    /// <summary>
    /// Beside SCIP, CP-SAT runs its LP-led search on the cores SCIP leaves (one worker at LP level 2 on 2 cores, the named
    /// strategies on more); a caller who chose CP-SAT's workers keeps their own options.
    /// </summary>
    [Fact]
    public void CP_SAT_beside_SCIP_runs_its_LP_led_search_unless_the_caller_chose_its_workers()
    {
        var side = SetPartitionRace.SatSide(ExactOptions.Default);
        int cores = Math.Max(1, Environment.ProcessorCount - 1);
        Assert.Equal(Math.Min(cores, 6), side.Workers);
        Assert.Contains(cores == 1 ? "linearization_level:2" : "subsolvers:\"max_lp\"", side.SolverParameters);

        var chosen = ExactOptions.Default with { Workers = 8, SolverParameters = "linearization_level:1" };
        Assert.Same(chosen, SetPartitionRace.SatSide(chosen));
    }

    /// <summary>
    /// CP-SAT's LP-led search alone, on one worker and on two, proves the brute-forced most compact plan: the race may
    /// rest on either engine.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExactSolverTests.TinyGrids), MemberType = typeof(ExactSolverTests))]
    public void CP_SAT_led_by_its_LP_proves_the_brute_forced_optimum_on_one_or_two_workers(int rows, int cols, int seed, double min, double max)
    {
        var rules = new ConsortiumRules { MinPatients = min, MaxPatients = max };
        var problem = TestProblems.Grid(rows, cols, TestProblems.RandomPatients(rows * cols, seed, 10_000, 30_000), rules);
        var (best, _, valid) = BruteForce.Best(problem, measure: CompactnessMeasure.AboutCentroid);
        foreach (int workers in new[] { 1, 2 })
        {
            var options = SatEngine.LpLedSearch(new ExactOptions { Formulation = ExactFormulation.SetPartitioning, MipEngine = MipEngine.CpSat, HeuristicWarmStart = false }, workers);
            var result = ExactSolver.Solve(problem, options);
            if (valid == 0)
            {
                Assert.Equal(ExactStatus.Infeasible, result.Status);
                continue;
            }
            Assert.True(result.Status == ExactStatus.Optimal, $"{workers} workers: {result.Message}");
            Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf!));
            Assert.Equal(best, result.Objective, 3);
        }
    }
}
