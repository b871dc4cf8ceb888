using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

/// <summary>
/// Locality instances with brute-forced answers, for the tests only (<see cref="TestProblems"/> is also linked into the
/// exact benchmark, which has neither xunit nor the Exact internals).
/// </summary>
internal static class LocalityGrids
{
    /// <summary>
    /// A 3×3 grid of practices of <paramref name="low"/>–<paramref name="high"/> patients (random from
    /// <paramref name="seed"/>) to split into localities of at most 30,000, the fewest first: its set-partitioning model
    /// and its brute-forced best plan (<see cref="LocalityGrid.Fewest"/> localities, <see cref="LocalityGrid.Optimum"/>).
    /// </summary>
    public static LocalityGrid Localities(int seed, double low = 8_000, double high = 16_000)
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000, CountPreference = CountPreference.Fewest };
        var problem = TestProblems.Grid(3, 3, TestProblems.RandomPatients(9, seed, low, high), rules);
        var (optimum, plan, _) = BruteForce.Best(problem, fewestFirst: true);
        Assert.NotNull(plan);
        return new LocalityGrid(problem, SetPartitionModel.TryBuild(problem, 1_000_000)!, plan!, optimum);
    }

    /// <summary>
    /// A 5×5 grid (too large to brute-force) of <paramref name="low"/>–<paramref name="high"/> patients a practice (random
    /// from <paramref name="seed"/>) to split into localities of at most 30,000: its set-partitioning model, the fewest
    /// count CP-SAT proves, the candidates at that count and CP-SAT's proven most compact cost over them.
    /// </summary>
    public static (Problem Problem, SetPartitionModel Model, int Count, int[] Columns, double Optimum) ProvenByCpSat(int seed, double low, double high)
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 };
        var problem = TestProblems.Grid(5, 5, TestProblems.RandomPatients(25, seed, low, high), rules);
        var model = SetPartitionModel.TryBuild(problem, 1_000_000)!;
        var options = ExactOptions.Default with { MipEngine = MipEngine.CpSat };
        var fewest = model.Solve(1, 25, 1, model.AllColumns(), null, options, TimeSpan.FromSeconds(60));
        Assert.Equal(EngineStatus.Optimal, fewest.Status);
        int count = fewest.Plan!.Max() + 1;
        var columns = model.ColumnsForCount(count, count);
        var engine = model.Solve(count, count, 0, columns, null, options, TimeSpan.FromSeconds(60));
        Assert.Equal(EngineStatus.Optimal, engine.Status);
        return (problem, model, count, columns, model.StartColumns(engine.Plan!)!.Sum(c => model.Cost[c]));
    }

    /// <summary>Seeds 1..<paramref name="count"/> for theories over random instances.</summary>
    public static TheoryData<int> Seeds(int count) => new(Enumerable.Range(1, count));
}

