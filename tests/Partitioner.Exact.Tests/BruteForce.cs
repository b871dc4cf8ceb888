using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

/// <summary>Enumerates every partition of a tiny instance (restricted growth strings) and keeps the best valid one.</summary>
internal static class BruteForce
{
    public static (double Objective, int[]? Plan, int ValidPlans) Best(Problem problem, bool fewestFirst = false,
        CompactnessMeasure measure = CompactnessMeasure.AboutCentroid)
    {
        int n = problem.PracticeCount;
        Assert.True(n <= 10, "brute force is for tiny instances");
        var label = new int[n];
        double best = double.PositiveInfinity;
        int[]? bestPlan = null;
        int valid = 0;
        int bestCount = int.MaxValue;
        void Recurse(int i, int used)
        {
            if (i == n)
            {
                if (PlanCheck.PlanViolations(problem, label).Count > 0) return;
                valid++;
                double objective = Measure(problem, label, measure);
                int count = label.Max() + 1;
                if (fewestFirst && count > bestCount) return;
                if (fewestFirst && count < bestCount) best = double.PositiveInfinity;
                bestCount = Math.Min(bestCount, count);
                if (objective < best)
                {
                    best = objective;
                    bestPlan = (int[])label.Clone();
                }
                return;
            }
            for (int c = 0; c <= used && c < n; c++)
            {
                label[i] = c;
                Recurse(i + 1, Math.Max(used, c + 1));
            }
        }
        Recurse(0, 0);
        return (best, bestPlan, valid);
    }

    public static double Measure(Problem problem, int[] plan, CompactnessMeasure measure) =>
        measure == CompactnessMeasure.AboutCentroid ? Compactness.PlanAboutCentroid(problem, plan) : Compactness.PlanAboutCentre(problem, plan);
}
