using Partitioner.Core.Rules;

namespace Partitioner.Exact.Tests;

public sealed class CountBranchingTests
{
    /// <summary>
    /// On small grids the fewest localities are brute-forced: branching must find no plan with one fewer and must find a
    /// plan (a true partition into candidates) with that many.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 8, MemberType = typeof(LocalityGrids))]
    public void Branching_agrees_with_brute_force_on_the_fewest_count(int seed)
    {
        var grid = LocalityGrids.Localities(seed);
        var (problem, model, fewest) = (grid.Problem, grid.Model, grid.Fewest);
        var all = model.AllColumns();

        var below = CountBranching.Solve(9, model.Candidates, all, [], 1, fewest - 1, TimeSpan.FromSeconds(30));
        Assert.Equal(EngineStatus.Infeasible, below.Status);

        var at = CountBranching.Solve(9, model.Candidates, all, [], 1, fewest, TimeSpan.FromSeconds(30));
        Assert.Equal(EngineStatus.Optimal, at.Status);
        Assert.NotNull(at.Chosen);
        Assert.True(at.Chosen!.Length <= fewest);
        var decoded = model.Decode(at.Chosen);
        Assert.Empty(PlanCheck.PlanViolations(problem, decoded));
    }

    /// <summary>
    /// The node limit stops a search undecided: on 5×5 grids of 4,000–12,000 patients a practice (localities of three to
    /// six), wherever deciding a count near the patient range's least (a plan with at most that many localities, or none)
    /// takes more than one node, a limit of one node less ends the search Stopped, with no plan, after exactly that many.
    /// </summary>
    [Fact]
    public void Branching_stops_undecided_at_its_node_limit()
    {
        int limited = 0;
        for (int seed = 1; seed <= 4; seed++)
        {
            var patients = TestProblems.RandomPatients(25, seed, 4_000, 12_000);
            var problem = TestProblems.Grid(5, 5, patients, new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 });
            var model = SetPartitionModel.TryBuild(problem, 1_000_000)!;
            var all = model.AllColumns();
            int least = (int)Math.Ceiling(patients.Sum() / 30_000);
            for (int most = least; most <= least + 2; most++)
            {
                var decided = CountBranching.Solve(25, model.Candidates, all, [], 1, most, TimeSpan.FromSeconds(30));
                Assert.NotEqual(EngineStatus.Stopped, decided.Status);
                if (decided.Nodes < 2) continue;
                var stopped = CountBranching.Solve(25, model.Candidates, all, [], 1, most, TimeSpan.FromSeconds(30), maxNodes: decided.Nodes - 1);
                Assert.Equal(EngineStatus.Stopped, stopped.Status);
                Assert.Null(stopped.Chosen);
                Assert.Equal(decided.Nodes - 1, stopped.Nodes);
                limited++;
            }
        }
        Assert.True(limited >= 8, $"only {limited} searches needed more than one node");
    }

    /// <summary>Three practices of 11,000 patients in a triangle cannot be one locality of 30,000: no plan of one.</summary>
    [Fact]
    public void An_odd_cycle_of_pairs_has_no_plan_of_one_and_a_plan_of_two()
    {
        List<int[]> candidates = [[0], [1], [2], [0, 1], [0, 2], [1, 2]];
        int[] all = [0, 1, 2, 3, 4, 5];
        Assert.Equal(EngineStatus.Infeasible, CountBranching.Solve(3, candidates, all, [], 1, 1, TimeSpan.FromSeconds(10)).Status);
        var two = CountBranching.Solve(3, candidates, all, [], 1, 2, TimeSpan.FromSeconds(10));
        Assert.Equal(EngineStatus.Optimal, two.Status);
        Assert.Equal(2, two.Chosen!.Length);
        Assert.Equal(3, two.Chosen.Sum(c => candidates[c].Length));
    }
}
