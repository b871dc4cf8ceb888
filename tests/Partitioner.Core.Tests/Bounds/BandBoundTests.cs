using Partitioner.Core.Bounds;
using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Tests.Solving;

namespace Partitioner.Core.Tests.Bounds;

public sealed class BandBoundTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 24).Select(s => new object[] { s });

    /// <summary>
    /// A small random area (a jittered grid, some edges missing, some diagonals) with widely spread deprivation and
    /// spend, a few practices without a deprivation score, and consortia of two to four practices.
    /// </summary>
    private static Problem Tiny(int seed)
    {
        var rng = new Random(seed * 7919);
        int w = 3, h = seed % 2 == 0 ? 3 : 2 + rng.Next(2);
        int n = w * h;
        var edges = new List<(int, int)>();
        var x = new double[n]; var y = new double[n];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++)
            {
                int v = j * w + i;
                x[v] = 500_000 + 1000 * i; y[v] = 200_000 + 1000 * j;
                if (i + 1 < w && rng.Next(5) > 0) edges.Add((v, v + 1));
                if (j + 1 < h && rng.Next(5) > 0) edges.Add((v, v + w));
                if (i + 1 < w && j + 1 < h && rng.Next(3) == 0) edges.Add((v, v + w + 1));
            }
        for (int i = 0; i + 1 < w; i++) edges.Add((i, i + 1));
        for (int j = 0; j + 1 < h; j++) edges.Add((j * w, (j + 1) * w));
        var p = new double[n]; var dep = new double[n]; var spend = new double[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = 1000 * (5 + rng.Next(11));
            dep[i] = rng.Next(7) == 0 ? double.NaN : 5 + 55 * rng.NextDouble() * rng.NextDouble();
            spend[i] = p[i] * (100 + 150 * rng.NextDouble());
        }
        var rules = new ConsortiumRules { MinPatients = 10_000, MaxPatients = 15_000 + 1000 * rng.Next(25) };
        return new Problem(AdjacencyGraph.FromEdges(n, edges), p, dep, spend, x, y, rules);
    }

    /// <summary>The tightest band each attribute can meet over every valid plan (contiguous, within the size bounds), by enumeration; NaN when there is no valid plan.</summary>
    private static (double Deprivation, double Spend) Tightest(Problem problem)
    {
        var area = AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend);
        int n = problem.PracticeCount;
        double bestDep = double.PositiveInfinity, bestSpend = double.PositiveInfinity;
        PlanCheck.EachPlan(n, (label, k) =>
        {
            double worstDep = 0, worstSpend = 0;
            for (int c = 0; c < k; c++)
            {
                double pat = 0, dw = 0, ds = 0, ss = 0;
                var members = new List<int>();
                for (int v = 0; v < n; v++)
                {
                    if (label[v] != c) continue;
                    members.Add(v);
                    pat += problem.Patients[v];
                    if (!double.IsNaN(problem.Deprivation[v])) { dw += problem.Patients[v]; ds += problem.Patients[v] * problem.Deprivation[v]; }
                    ss += problem.Spend[v];
                }
                if (pat < problem.Rules.MinPatients || pat > problem.Rules.MaxPatients) return;
                if (!PlanCheck.Connected(problem, label, members, c)) return;
                if (dw > 0) worstDep = Math.Max(worstDep, Math.Abs(ds / dw - area.Deprivation) / area.DeprivationScale);
                worstSpend = Math.Max(worstSpend, Math.Abs(ss / pat - area.SpendPerPatient) / area.SpendScale);
            }
            bestDep = Math.Min(bestDep, worstDep);
            bestSpend = Math.Min(bestSpend, worstSpend);
        });
        return (double.IsPositiveInfinity(bestDep) ? double.NaN : bestDep, double.IsPositiveInfinity(bestSpend) ? double.NaN : bestSpend);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_bound_never_exceeds_the_tightest_band_of_any_valid_plan(int seed)
    {
        var problem = Tiny(seed);
        var bounds = BandBoundCalculator.Compute(problem, threads: 1);
        var (dep, spend) = Tightest(problem);
        if (double.IsNaN(dep)) return; // no valid plan at all: the pre-solve's business, not the bound's
        Assert.InRange(bounds.Deprivation!.Band, 0, dep + 1e-9);
        Assert.InRange(bounds.Spend!.Band, 0, spend + 1e-9);
    }

    [Fact]
    public void The_bound_proves_something_on_most_of_these_areas()
    {
        // Guard against a bound that is valid only because it is always 0.
        int positive = 0, areas = 0;
        foreach (var s in Seeds())
        {
            var problem = Tiny((int)s[0]);
            if (double.IsNaN(Tightest(problem).Deprivation)) continue;
            areas++;
            if (BandBoundCalculator.Compute(problem, threads: 1).Band > 0.01) positive++;
        }
        Assert.True(areas >= 12 && positive * 2 > areas, $"{positive} of {areas} areas with a valid plan have a bound above 1%.");
    }

    [Fact]
    public void On_a_row_where_only_pairs_fit_the_bound_is_the_tightest_band()
    {
        // Four practices of 50,000 in a row, deprivation 60, 20, 20, 20 (mean 30); consortia of exactly 100,000 can only
        // be the pairs {0,1} and {2,3}, with means 40 and 20: the tightest band is ±33.3%, and practice 0 alone proves it.
        var problem = Row([60, 20, 20, 20], [200, 100, 100, 100]);
        var bounds = BandBoundCalculator.Compute(problem, threads: 1);
        Assert.Equal(1.0 / 3, bounds.Deprivation!.Band, 9);
        Assert.Equal(1.0 / 3, Tightest(problem).Deprivation, 9);
        Assert.Equal(0, bounds.Deprivation.Worst[0].Practice);
        Assert.Equal(40, bounds.Deprivation.Worst[0].ClosestMean, 9);
        Assert.Equal(1, bounds.Deprivation.Worst[0].ReachablePractices);
        // Spend per patient 200, 100, 100, 100 (mean 125): pairs at 150 and 100, ±20%.
        Assert.Equal(0.2, bounds.Spend!.Band, 9);
        Assert.Equal(0.2, Tightest(problem).Spend, 9);
    }

    [Fact]
    public void The_same_bound_comes_out_on_one_thread_and_on_many()
    {
        var problem = Tiny(5);
        var one = BandBoundCalculator.Compute(problem, threads: 1);
        var many = BandBoundCalculator.Compute(problem, threads: 4);
        Assert.Equal(one.Deprivation!.Band, many.Deprivation!.Band);
        Assert.Equal(one.Deprivation.Worst.Select(w => w.Practice), many.Deprivation.Worst.Select(w => w.Practice));
        Assert.Equal(one.Spend!.Band, many.Spend!.Band);
    }

    private static Problem Row(double[] deprivation, double[] spendPerPatient)
    {
        int n = deprivation.Length;
        var p = Enumerable.Repeat(50_000.0, n).ToArray();
        var spend = spendPerPatient.Select(s => s * 50_000).ToArray();
        var x = Enumerable.Range(0, n).Select(i => 400_000.0 + 2000 * i).ToArray();
        var y = Enumerable.Repeat(300_000.0, n).ToArray();
        var edges = Enumerable.Range(0, n - 1).Select(i => (i, i + 1));
        return new Problem(AdjacencyGraph.FromEdges(n, edges), p, deprivation, spend, x, y, new ConsortiumRules { MinPatients = 100_000, MaxPatients = 100_000 });
    }
}
