using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Graph;

namespace Partitioner.Bench;

/// <summary>
/// What a balance band costs at the least: a lower bound on the inertia (patient·km² about the consortium centroids) of
/// every plan whose consortia all keep to one edge of a band, contiguous or not, of any count and size.
/// Take the upper edge U of deprivation. A practice i above it carries p_i·e_i points of excess (e_i = d_i − U per
/// patient); a practice j below it can take p_j·a_j (a_j = U − d_j). A consortium at or below U takes all its members'
/// excess, so its points can be sent from its practices above U to its practices below within it. Split each practice's
/// patients among the pairs it sends to or takes from (f points from i to j use f/e_i of i's patients and f/a_j of j's);
/// a pair's two groups, m_i and m_j patients d apart, have at least m_i·m_j/(m_i + m_j)·d² inertia about any point,
/// which is f·d²/(e_i + a_j). The pairs' groups are disjoint parts of the consortium, so its inertia is at least the sum
/// over its pairs, and the plan's at least the cheapest transport of all excess to all takers, England-wide: a
/// min-cost flow (Google.OrTools' network solver, every sender to every taker). Points are rounded down at the senders,
/// capacities up at the takers and costs down, so the figure stays a bound. The lower edge is the same with the roles
/// swapped, and spend per patient the same as deprivation; each edge gives its own bound, and the largest holds.
/// <c>--group-by FIELD</c> (e.g. <c>ccg_name</c>) names the groups of senders whose transport makes most of each edge's bound.
/// Usage: balance-bound &lt;practices.csv&gt; [--bands 0.25,0.2,0.15,0.1] [--group-by FIELD]
/// </summary>
internal static class BalanceBoundBenchmark
{
    public static int Run(string path, string[] args)
    {
        var bands = new List<double> { 0.25, 0.2, 0.15, 0.1 };
        string? groupBy = null;
        for (int a = 0; a + 1 < args.Length; a += 2)
        {
            if (args[a] == "--bands") bands = args[a + 1].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
            if (args[a] == "--group-by") groupBy = args[a + 1];
        }
        var (study, problem, x, y, area) = BalancedArea.Read(path);
        int n = problem.PracticeCount;
        var patients = problem.Patients;
        var spendPerPatient = Enumerable.Range(0, n).Select(i => patients[i] > 0 ? problem.Spend[i] / patients[i] : area.SpendPerPatient).ToArray();
        var group = Enumerable.Range(0, n).Select(i => groupBy is null ? "" : study.Geography.Practices[i].Properties.FirstOrDefault(q => q.Name == groupBy).Value?.ToString() ?? "(none)").ToArray();
        Console.WriteLine($"{n:N0} practices; deprivation mean {area.Deprivation:0.00}, spend £{area.SpendPerPatient:0.00} per patient; load {MachineLoad.OneMinute()}");
        foreach (double band in bands)
        {
            double best = 0;
            foreach (var (name, value, mean) in new[] { ("deprivation", problem.Deprivation, area.Deprivation), ("spend", spendPerPatient, area.SpendPerPatient) })
            {
                double upper = (1 + band) * mean, lower = (1 - band) * mean;
                var high = Transport(x, y, patients, value.Select(v => v - upper).ToArray(), group);
                var low = Transport(x, y, patients, value.Select(v => lower - v).ToArray(), group);
                best = Math.Max(best, Math.Max(high.Bound, low.Bound));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"±{band:P0} {name}: upper edge {high.Bound / 1e9:0.000} bn ({high.Senders:N0} practices above it, {high.Seconds:0} s), lower edge {low.Bound / 1e9:0.000} bn ({low.Senders:N0} below it, {low.Seconds:0} s); load {MachineLoad.OneMinute()}"));
                if (groupBy is not null)
                    foreach (var (edge, t) in new[] { ("upper", high), ("lower", low) })
                        if (t.Bound > 0) Console.WriteLine("    " + edge + " edge, most of it sent from: " + string.Join(", ", t.ByGroup.OrderByDescending(g => g.Value).Take(5).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Value / t.Bound:P0}"))));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"±{band:P0}: every plan meeting both bands has at least {best / 1e9:0.000} bn"));
        }
        return 0;
    }

    /// <summary>The cheapest transport of every practice's excess (p·e points, e &gt; 0) to the practices with room
    /// (p·(−e) points, e &lt; 0), a point from i to j costing d²/(e_i − e_j); in patient·km².</summary>
    private static (double Bound, int Senders, double Seconds, Dictionary<string, double> ByGroup) Transport(double[] x, double[] y, double[] patients, double[] excess, string[] group)
    {
        var sw = Stopwatch.StartNew();
        const double costScale = 1000;
        int n = x.Length;
        var senders = Enumerable.Range(0, n).Where(i => excess[i] > 0 && patients[i] > 0).ToArray();
        var takers = Enumerable.Range(0, n).Where(i => excess[i] < 0 && patients[i] > 0).ToArray();
        var byGroup = new Dictionary<string, double>();
        if (senders.Length == 0) return (0, 0, sw.Elapsed.TotalSeconds, byGroup);
        var flow = new MinCostFlow();
        int sink = n;
        long total = 0;
        foreach (int i in senders)
        {
            long points = (long)Math.Floor(patients[i] * excess[i]);
            flow.SetNodeSupply(i, points);
            total += points;
            foreach (int j in takers)
            {
                double d2 = (x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]);
                flow.AddArcWithCapacityAndUnitCost(i, j, points, (long)Math.Floor(d2 / (excess[i] - excess[j]) * costScale));
            }
        }
        foreach (int j in takers) flow.AddArcWithCapacityAndUnitCost(j, sink, (long)Math.Ceiling(-patients[j] * excess[j]), 0);
        flow.SetNodeSupply(sink, -total);
        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            Console.WriteLine($"    transport: {status} (the practices with room cannot take every excess: no plan meets this edge)");
            return (double.PositiveInfinity, senders.Length, sw.Elapsed.TotalSeconds, byGroup);
        }
        // Arcs were added sender by sender, every taker each.
        for (int s = 0, arc = 0; s < senders.Length; s++)
            for (int t = 0; t < takers.Length; t++, arc++)
            {
                long f = flow.Flow(arc);
                if (f > 0) byGroup[group[senders[s]]] = byGroup.GetValueOrDefault(group[senders[s]]) + f * (double)flow.UnitCost(arc) / costScale;
            }
        return (flow.OptimalCost() / costScale, senders.Length, sw.Elapsed.TotalSeconds, byGroup);
    }
}
