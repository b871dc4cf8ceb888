using Partitioner.Exact.Cbc;

namespace Partitioner.Exact.Tests.Cbc;

public sealed class CbcModelTests
{
    [Fact]
    public void Library_is_available_where_the_tests_run()
    {
        Assert.True(CbcLibrary.IsAvailable, CbcNotInstalledException.Explanation);
        Assert.StartsWith("2.", CbcLibrary.Version);
    }

    [Fact]
    public void Solves_a_small_knapsack_to_its_known_optimum()
    {
        // max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d <= 10, binary: the optimum takes a and b (value 23).
        var lp = new LinearModel { Maximise = true };
        double[] value = [10, 13, 7, 8];
        double[] weight = [4, 6, 3, 5];
        var cols = new int[4];
        for (int i = 0; i < 4; i++) cols[i] = lp.AddBinary($"item_{i}", value[i]);
        lp.AddRow(cols, weight, double.NegativeInfinity, 10);
        using var cbc = new CbcModel();
        cbc.Load(lp);
        Assert.Equal(CbcStatus.Optimal, cbc.Solve());
        var x = cbc.BestSolution();
        Assert.NotNull(x);
        Assert.Equal(23, cbc.ObjectiveValue, 6);
        Assert.Equal([1.0, 1.0, 0.0, 0.0], x!.Select(v => Math.Round(v)));
    }

    [Fact]
    public void Solves_a_continuous_linear_program()
    {
        // min -x - y s.t. x + 2y <= 4, 3x + y <= 6, x,y >= 0 -> x = 1.6, y = 1.2, objective -2.8.
        var lp = new LinearModel();
        int x = lp.AddColumn("x", 0, double.PositiveInfinity, -1, integer: false);
        int y = lp.AddColumn("y", 0, double.PositiveInfinity, -1, integer: false);
        lp.AddRow([x, y], [1, 2], double.NegativeInfinity, 4);
        lp.AddRow([x, y], [3, 1], double.NegativeInfinity, 6);
        using var cbc = new CbcModel();
        cbc.Load(lp);
        Assert.Equal(CbcStatus.Optimal, cbc.Solve());
        Assert.Equal(-2.8, cbc.ObjectiveValue, 6);
        var s = cbc.ColumnSolution()!;
        Assert.Equal(1.6, s[x], 6);
        Assert.Equal(1.2, s[y], 6);
    }

    [Fact]
    public void Reports_a_proven_infeasible_integer_program_with_no_solution()
    {
        var lp = new LinearModel();
        int a = lp.AddBinary("a", 1);
        int b = lp.AddBinary("b", 1);
        lp.AddRow([a, b], [2, 2], 1, 1); // 2a + 2b = 1 has no integer solution
        using var cbc = new CbcModel();
        cbc.Load(lp);
        Assert.Equal(CbcStatus.Infeasible, cbc.Solve());
        Assert.Null(cbc.BestSolution());
    }

    [Fact]
    public void Accepts_a_named_mip_start_and_still_finds_the_optimum()
    {
        var lp = new LinearModel();
        var cols = new int[6];
        for (int i = 0; i < 6; i++) cols[i] = lp.AddBinary($"pick é{i}", i + 1); // non-ASCII name checks UTF-8 marshalling
        lp.AddRow(cols, [1, 1, 1, 1, 1, 1], 2, 2);
        using var cbc = new CbcModel();
        cbc.Load(lp);
        cbc.SetMipStart(["pick é4", "pick é5"], [1, 1]);
        Assert.Equal(CbcStatus.Optimal, cbc.Solve());
        Assert.Equal(3, cbc.ObjectiveValue, 6);
    }

    [Fact]
    public void Disposing_frees_the_native_model_once_and_blocks_later_use()
    {
        int before = CbcModel.LiveModelCount;
        var cbc = new CbcModel();
        Assert.Equal(before + 1, CbcModel.LiveModelCount);
        cbc.Dispose();
        cbc.Dispose();
        Assert.Equal(before, CbcModel.LiveModelCount);
        Assert.Throws<ObjectDisposedException>(() => cbc.Solve());
    }
}

public sealed class CbcNotInstalledExceptionTests
{
    [Fact]
    public void A_missing_library_is_explained_with_the_package_to_install()
    {
        var e = new CbcNotInstalledException(new DllNotFoundException("libCbcSolver.so.3: cannot open shared object file"));
        Assert.StartsWith("CBC is not installed: install the Debian package coinor-libcbc3 (apt-get install coinor-libcbc3)", e.Message);
        Assert.IsType<DllNotFoundException>(e.InnerException);
    }
}
