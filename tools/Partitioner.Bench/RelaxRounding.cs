using System.Globalization;
using Partitioner.Core.Solving;

namespace Partitioner.Bench;

/// <summary>
/// What the relaxation's shares give when rounded: each practice to the centre holding its largest share. Counts the
/// consortia that break a rule (size range, deprivation or spend per patient outside the band) and the practices cut
/// off from the largest connected part of their consortium, which a plan would have to move.
/// </summary>
internal static class RelaxRounding
{
    public static string Describe(Problem problem, double[] x, double[] y, List<(int Practice, int Centre, double Share)> shares,
        int k, double band, double depMean, double spendMean)
    {
        int n = x.Length;
        var largest = new double[n];
        var label = new int[n];
        var count = new int[n];
        foreach (var (i, c, a) in shares)
        {
            count[i]++;
            if (a > largest[i]) { largest[i] = a; label[i] = c; }
        }
        var p = new double[k]; var sx = new double[k]; var sy = new double[k]; var sq = new double[k];
        var dep = new double[k]; var spend = new double[k];
        for (int i = 0; i < n; i++)
        {
            int c = label[i];
            double w = problem.Patients[i];
            p[c] += w; sx[c] += w * x[i]; sy[c] += w * y[i]; sq[c] += w * (x[i] * x[i] + y[i] * y[i]);
            dep[c] += w * problem.Deprivation[i]; spend[c] += problem.Spend[i];
        }
        double inertia = 0;
        int breaking = 0;
        var rules = problem.Rules;
        for (int c = 0; c < k; c++)
        {
            if (p[c] <= 0) { breaking++; continue; }
            inertia += sq[c] - (sx[c] * sx[c] + sy[c] * sy[c]) / p[c];
            double d = dep[c] / p[c] / depMean - 1, s = spend[c] / p[c] / spendMean - 1;
            if (p[c] < rules.MinPatients || p[c] > rules.MaxPatients || Math.Abs(d) > band + 1e-9 || Math.Abs(s) > band + 1e-9) breaking++;
        }
        // Connected parts of each rounded consortium; a practice outside its consortium's largest part is detached.
        var part = Enumerable.Repeat(-1, n).ToArray();
        var partPatients = new List<double>();
        var stack = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            if (part[i] >= 0) continue;
            int id = partPatients.Count;
            double size = 0;
            part[i] = id; stack.Push(i);
            while (stack.Count > 0)
            {
                int v = stack.Pop();
                size += problem.Patients[v];
                foreach (int u in problem.Graph.Neighbours(v))
                    if (part[u] < 0 && label[u] == label[i]) { part[u] = id; stack.Push(u); }
            }
            partPatients.Add(size);
        }
        var main = Enumerable.Repeat(-1, k).ToArray();
        for (int i = 0; i < n; i++)
        {
            int c = label[i];
            if (main[c] < 0 || partPatients[part[i]] > partPatients[main[c]]) main[c] = part[i];
        }
        int detached = 0;
        double detachedPatients = 0;
        for (int i = 0; i < n; i++)
            if (part[i] != main[label[i]]) { detached++; detachedPatients += problem.Patients[i]; }
        int whole = count.Count(c => c == 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"rounded: {whole:N0} practices whole, {inertia / 1e9:0.000} bn, {breaking} consortia breaking a rule, {detached:N0} practices ({detachedPatients / 1e6:0.0} M patients) outside their consortium's largest connected part");
    }
}
