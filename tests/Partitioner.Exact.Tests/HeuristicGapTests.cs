using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Exact.Tests;

/// <summary>
/// The heuristic solver against the exact solver's proven optimum on areas split into nearly full localities (the hardest case for
/// single-practice moves: every locality must hold close to the maximum). Default step budget, fixed seed.
/// </summary>
public sealed class HeuristicGapTests
{
    public static TheoryData<int, int, int> NearlyFullGrids => new()
    {
        { 5, 5, 1 }, { 5, 5, 2 }, { 5, 5, 3 }, { 6, 6, 4 }, { 6, 6, 5 },
        { 7, 7, 1 }, { 7, 7, 2 }, { 6, 8, 1 }, { 8, 8, 1 }, { 8, 8, 2 }, { 8, 8, 3 },
    };

    [Theory]
    [MemberData(nameof(NearlyFullGrids))]
    public void Fewest_localities_and_compactness_within_one_percent_of_the_proven_optimum(int rows, int cols, int seed)
    {
        var patients = TestProblems.RandomPatients(rows * cols, seed, 3_000, 12_000);
        AssertHeuristicMatchesProof(rows, cols, patients);
    }

    /// <summary>Large practices (2,000–19,000 patients) make ⌈patients / max⌉ impossible: the exact solver proves 2–3 more.</summary>
    public static TheoryData<int> LumpyGrids => new() { 1, 2, 6 };

    [Theory]
    [MemberData(nameof(LumpyGrids))]
    public void Fewest_count_above_the_arithmetic_minimum_matches_the_proven_one(int seed)
    {
        var patients = TestProblems.RandomPatients(36, seed, 2_000, 19_000);
        var exact = AssertHeuristicMatchesProof(6, 6, patients);
        Assert.True(exact.ConsortiumCount > Math.Ceiling(patients.Sum() / Max), "the instance should need more than the arithmetic minimum");
    }

    /// <summary>
    /// Real 2014/15 CCGs whose localities must be nearly full (08D: 98.7% on average; 08W: 99%) or many (06K: 21), split
    /// from their practices' own geography, as the exact benchmark does.
    /// </summary>
    public static TheoryData<string> RealCcgs => new() { "08D", "08W", "06K" };

    [RealDataTheory]
    [MemberData(nameof(RealCcgs))]
    public void On_real_ccgs_the_heuristic_matches_the_proven_fewest_localities_within_one_percent(string ccg)
    {
        var all = PracticeReader.ReadFile(RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var practices = all.Practices.Where(p => p.Group == ccg && p.Patients > 0).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        Assert.InRange(practices.Count, 20, 80);
        var study = Study.Prepare(new PracticeSet(practices, [], all.InputCoordinates), new ConsortiumRules { MinPatients = 0, MaxPatients = Max }, MissingValuePolicy.Exclude);
        AssertHeuristicMatchesProof(study.ToProblem());
    }

    private const double Max = 30_000;

    private static ExactResult AssertHeuristicMatchesProof(int rows, int cols, double[] patients) =>
        AssertHeuristicMatchesProof(TestProblems.Grid(rows, cols, patients, new ConsortiumRules { MinPatients = 1, MaxPatients = Max }));

    /// <summary>
    /// Splits an area into localities of at most <see cref="Max"/> patients with the exact solver (must prove the optimum) and with the
    /// default heuristic ("fewest", seed 1): same count, and the heuristic at most 1% less compact. Returns the exact result.
    /// </summary>
    private static ExactResult AssertHeuristicMatchesProof(Problem area)
    {
        var patients = area.Patients;
        var exact = ExactSolver.SplitIntoLocalities(area, Max, 0, new ExactOptions { TimeLimit = TimeSpan.FromSeconds(60) });
        Assert.Equal(ExactStatus.Optimal, exact.Status);

        var rules = new ConsortiumRules { MinPatients = 1, MaxPatients = Max, CountPreference = CountPreference.Fewest };
        var problem = new Problem(area.Graph, area.Patients, area.Deprivation, area.Spend, area.X, area.Y, rules);
        var heuristic = Solver.Solve(problem, new SolverOptions { Seed = 1 });

        Assert.Equal(SolveStatus.Feasible, heuristic.Status);
        Assert.Equal(exact.ConsortiumCount, heuristic.ConsortiumCount);
        double found = Compactness.PlanAboutCentroid(problem, heuristic.ConsortiumOf);
        double gap = (found - exact.Objective) / exact.Objective;
        Assert.True(gap <= 0.01, $"heuristic {found:0} vs proven optimum {exact.Objective:0}: {gap:P2} off (fill {patients.Sum() / (exact.ConsortiumCount * Max):P1})");
        return exact;
    }
}
