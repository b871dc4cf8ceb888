using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class BruteForceOptimumTests
{
    public static IEnumerable<object[]> Cases() => Enumerable.Range(1, 12).Select(s => new object[] { s });

    /// <summary>A tiny random planar-ish instance: a small jittered grid with random diagonals and missing edges.</summary>
    private static Problem Tiny(int seed, double spreadWeight)
    {
        var rng = new Random(seed * 104729);
        int w = 3, h = seed % 2 == 0 ? 3 : 2 + rng.Next(2);
        int extra = seed % 3 == 0 ? 1 : 0; // sometimes a tenth practice hanging off a corner
        int n = w * h + extra;
        var edges = new List<(int, int)>();
        var x = new double[n]; var y = new double[n];
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++)
            {
                int v = j * w + i;
                x[v] = 500_000 + 1000 * i + 600 * (rng.NextDouble() - 0.5);
                y[v] = 200_000 + 1000 * j + 600 * (rng.NextDouble() - 0.5);
                if (i + 1 < w && rng.Next(6) > 0) edges.Add((v, v + 1));
                if (j + 1 < h) edges.Add((v, v + w));
                if (i + 1 < w && j + 1 < h && rng.Next(2) == 0) edges.Add((v, v + w + 1));
            }
        if (extra == 1) { x[n - 1] = x[0] - 1500; y[n - 1] = y[0]; edges.Add((0, n - 1)); }
        // Keep the bottom row connected so the graph is connected.
        for (int i = 0; i + 1 < w; i++) edges.Add((i, i + 1));
        var p = new double[n]; var dep = new double[n]; var spend = new double[n];
        for (int i = 0; i < n; i++) { p[i] = 1000 * (5 + rng.Next(11)); dep[i] = 10 + 30 * rng.NextDouble(); spend[i] = p[i] * 150; }
        var rules = new ConsortiumRules { MinPatients = 18_000, MaxPatients = 40_000, SpreadWeight = spreadWeight };
        return new Problem(AdjacencyGraph.FromEdges(n, edges), p, dep, spend, x, y, rules);
    }

    private static double BruteForce(Problem problem)
    {
        int n = problem.PracticeCount;
        double best = double.PositiveInfinity;
        PlanCheck.EachPlan(n, (label, k) =>
        {
            for (int c = 0; c < k; c++)
            {
                double pat = 0;
                var members = new List<int>();
                for (int v = 0; v < n; v++) if (label[v] == c) { pat += problem.Patients[v]; members.Add(v); }
                if (pat < problem.Rules.MinPatients || pat > problem.Rules.MaxPatients) return;
                if (!PlanCheck.Connected(problem, label, members, c)) return;
            }
            double score = PlanCheck.Compactness(problem, label, k) + problem.Rules.SpreadWeight * Spread(problem, label, k);
            if (score < best) best = score;
        });
        return best;
    }

    private static double Spread(Problem p, int[] plan, int k)
    {
        double tw = 0, td = 0, ts = 0;
        for (int i = 0; i < p.PracticeCount; i++) { tw += p.Patients[i]; td += p.Patients[i] * p.Deprivation[i]; ts += p.Spend[i]; }
        double dm = td / tw, sm = ts / tw, sum = 0;
        for (int c = 0; c < k; c++)
        {
            double w = 0, d = 0, s = 0;
            for (int i = 0; i < p.PracticeCount; i++) if (plan[i] == c) { w += p.Patients[i]; d += p.Patients[i] * p.Deprivation[i]; s += p.Spend[i]; }
            sum += Math.Pow((d / w - dm) / dm, 2) + Math.Pow((s / w - sm) / sm, 2);
        }
        return sum / k;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void On_tiny_instances_the_solver_reaches_the_brute_force_optimum(int seed)
    {
        var problem = Tiny(seed, spreadWeight: seed % 4 == 1 ? 2.0 : 0);
        double optimum = BruteForce(problem);
        var result = Solver.Solve(problem, new SolverOptions { Seed = (ulong)seed, Restarts = 8, MaxSteps = 6_000, RecomShare = 0.1, MaxDegreeOfParallelism = 2 });

        if (double.IsPositiveInfinity(optimum))
        {
            Assert.Equal(SolveStatus.Infeasible, result.Status);
            return;
        }
        Assert.Equal(SolveStatus.Feasible, result.Status);
        Assert.Equal(optimum, result.Objective.Total, 9);
        double check = PlanCheck.Compactness(problem, result.ConsortiumOf, result.ConsortiumCount)
            + problem.Rules.SpreadWeight * Spread(problem, result.ConsortiumOf, result.ConsortiumCount);
        Assert.Equal(check, result.Objective.Total, 9);
    }
}
