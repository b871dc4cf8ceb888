using System.Globalization;
using Partitioner.Exact.Cbc;

namespace Partitioner.Exact.Tests.Cbc;

[CollectionDefinition(nameof(NativeMemoryCollection), DisableParallelization = true)]
public sealed class NativeMemoryCollection;

[Collection(nameof(NativeMemoryCollection))]
public sealed class NativeMemoryTests
{
    [Fact]
    public void Creating_solving_and_disposing_300_models_does_not_grow_resident_memory()
    {
        for (int k = 0; k < 30; k++) SolveOnce(k); // warm-up: CBC's and the runtime's one-off allocations
        Collect();
        long before = ResidentBytes();
        int liveBefore = CbcModel.LiveModelCount;
        for (int k = 0; k < 300; k++) SolveOnce(k);
        Collect();
        long grown = ResidentBytes() - before;
        Assert.Equal(liveBefore, CbcModel.LiveModelCount);
        Assert.True(grown < 4 * 1024 * 1024, $"RSS grew by {grown / 1024} KiB over 300 models.");
    }

    [Fact]
    public void Forgotten_models_are_freed_by_the_finaliser()
    {
        int before = CbcModel.LiveModelCount;
        CreateAndForget(50);
        Collect();
        Assert.Equal(before, CbcModel.LiveModelCount);
    }

    private static void CreateAndForget(int count)
    {
        for (int k = 0; k < count; k++) _ = new CbcModel();
    }

    private static void SolveOnce(int seed)
    {
        var lp = new LinearModel { Maximise = true };
        var cols = new int[20];
        var weights = new double[20];
        for (int i = 0; i < 20; i++)
        {
            cols[i] = lp.AddBinary(string.Create(CultureInfo.InvariantCulture, $"item_{i}"), 1 + (i * 7 + seed) % 13);
            weights[i] = 1 + (i * 5 + seed) % 11;
        }
        lp.AddRow(cols, weights, double.NegativeInfinity, 40);
        using var cbc = new CbcModel();
        cbc.Load(lp);
        cbc.SetMipStart(["item_0"], [1]);
        Assert.Equal(CbcStatus.Optimal, cbc.Solve());
        Assert.NotNull(cbc.BestSolution());
    }

    private static void Collect()
    {
        for (int k = 0; k < 3; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static long ResidentBytes()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
