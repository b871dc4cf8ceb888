using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

/// <summary>Independent re-measurement of a plan's rules (written separately from the solver's evaluator).</summary>
internal static class PlanCheck
{
    public sealed record Broken(InfeasibilityKind Kind, int Consortium);

    public static List<Broken> Measure(Problem p, int[] plan, int k)
    {
        var broken = new List<Broken>();
        var r = p.Rules;
        double tp = 0, dw = 0, dd = 0, sw = 0, ss = 0;
        for (int i = 0; i < p.PracticeCount; i++)
        {
            tp += p.Patients[i];
            if (!double.IsNaN(p.Deprivation[i])) { dw += p.Patients[i]; dd += p.Patients[i] * p.Deprivation[i]; }
            if (!double.IsNaN(p.Spend[i])) { sw += p.Patients[i]; ss += p.Spend[i]; }
        }
        double depMean = dd / dw, spendMean = ss / sw;
        for (int c = 0; c < k; c++)
        {
            var members = new List<int>();
            for (int i = 0; i < p.PracticeCount; i++) if (plan[i] == c) members.Add(i);
            Assert.NotEmpty(members);
            double pat = 0, cdw = 0, cdd = 0, csw = 0, css = 0;
            foreach (int i in members)
            {
                pat += p.Patients[i];
                if (!double.IsNaN(p.Deprivation[i])) { cdw += p.Patients[i]; cdd += p.Patients[i] * p.Deprivation[i]; }
                if (!double.IsNaN(p.Spend[i])) { csw += p.Patients[i]; css += p.Spend[i]; }
            }
            if (pat < r.MinPatients - 1e-6) broken.Add(new(InfeasibilityKind.PopulationBelowMinimum, c));
            if (pat > r.MaxPatients + 1e-6) broken.Add(new(InfeasibilityKind.PopulationAboveMaximum, c));
            if (!Connected(p, plan, members, c)) broken.Add(new(InfeasibilityKind.NotContiguous, c));
            if (r.Deprivation is not null && cdw > 0 && Math.Abs(cdd / cdw - depMean) > r.Deprivation.AllowedDeviation(depMean) + 1e-7)
                broken.Add(new(InfeasibilityKind.DeprivationBalance, c));
            if (r.Spend is not null && csw > 0 && Math.Abs(css / csw - spendMean) > r.Spend.AllowedDeviation(spendMean) + 1e-7)
                broken.Add(new(InfeasibilityKind.SpendBalance, c));
        }
        return broken;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with every way to group <paramref name="n"/> practices (labels and count; the
    /// array is reused), each once: restricted growth strings.
    /// </summary>
    public static void EachPlan(int n, Action<int[], int> visit)
    {
        var label = new int[n];
        void Recurse(int i, int k)
        {
            if (i == n) { visit(label, k); return; }
            for (int c = 0; c <= k; c++)
            {
                label[i] = c;
                Recurse(i + 1, Math.Max(k, c + 1));
            }
        }
        Recurse(0, 0);
    }

    public static bool Connected(Problem p, int[] plan, List<int> members, int c)
    {
        var seen = new HashSet<int> { members[0] };
        var queue = new Queue<int>();
        queue.Enqueue(members[0]);
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach (int w in p.Graph.Neighbours(v).ToArray())
                if (plan[w] == c && seen.Add(w)) queue.Enqueue(w);
        }
        return seen.Count == members.Count;
    }

    /// <summary>Compactness: Σ over consortia of Σ p·|x − centre|² (km²) / total patients.</summary>
    public static double Compactness(Problem p, int[] plan, int k)
    {
        double total = 0, sum = 0;
        for (int i = 0; i < p.PracticeCount; i++) total += p.Patients[i];
        for (int c = 0; c < k; c++)
        {
            double w = 0, cx = 0, cy = 0;
            for (int i = 0; i < p.PracticeCount; i++) if (plan[i] == c) { w += p.Patients[i]; cx += p.Patients[i] * p.X[i]; cy += p.Patients[i] * p.Y[i]; }
            cx /= w; cy /= w;
            for (int i = 0; i < p.PracticeCount; i++)
                if (plan[i] == c)
                {
                    double dx = (p.X[i] - cx) / 1000, dy = (p.Y[i] - cy) / 1000;
                    sum += p.Patients[i] * (dx * dx + dy * dy);
                }
        }
        return sum / total;
    }
}
