using System.Globalization;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Measures every rule on a finished plan from scratch (population bounds, contiguity, balance, deprived share,
/// locks, count bounds) and words each broken rule for a planner. Independent of the search's running sums.
/// </summary>
internal static class FinalPlanCheck
{
    private static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static List<Infeasibility> Violations(SearchData m, int[] assign, int k, IReadOnlyList<string> names)
    {
        var p = m.Problem;
        var rules = p.Rules;
        var list = new List<Infeasibility>();
        var pat = new double[k]; var dw = new double[k]; var dd = new double[k]; var sw = new double[k]; var ss = new double[k]; var dp = new double[k];
        var size = new int[k]; var sample = new int[k];
        Array.Fill(sample, -1);
        for (int v = 0; v < m.N; v++)
        {
            int c = assign[v];
            double pp = p.Patients[v];
            pat[c] += pp; size[c]++;
            if (sample[c] < 0) sample[c] = v;
            if (!double.IsNaN(p.Deprivation[v])) { dw[c] += pp; dd[c] += pp * p.Deprivation[v]; if (p.Deprivation[v] > m.DeprivationMedian) dp[c] += pp; }
            if (!double.IsNaN(p.Spend[v])) { sw[c] += pp; ss[c] += p.Spend[v]; }
        }
        var stack = new int[m.N];
        var mark = new int[m.N];
        var breaches = new List<RuleBreach>();
        var check = m.Check;
        for (int c = 0; c < k; c++)
        {
            string who = $"Consortium {names[c]} ({size[c]} practices, e.g. {(sample[c] >= 0 ? p.PracticeCodes[sample[c]] : "none")})";
            string code = sample[c] >= 0 ? p.PracticeCodes[sample[c]] : "";
            int comp = sample[c] >= 0 ? m.Component[sample[c]] : -1;
            breaches.Clear();
            check.Breaches(new ConsortiumTotals(pat[c], dw[c], dd[c], sw[c], ss[c], dp[c]), breaches);
            foreach (var b in breaches)
            {
                if (b.Rule == Rule.BelowMinimum)
                    list.Add(new Infeasibility(InfeasibilityKind.PopulationBelowMinimum,
                        $"{who} has {N0(pat[c])} patients, {N0(b.Excess)} below the minimum of {N0(b.Limit)}.",
                        false, c, comp, code, pat[c], b.Limit));
                else if (b.Rule == Rule.AboveMaximum)
                    list.Add(new Infeasibility(InfeasibilityKind.PopulationAboveMaximum,
                        $"{who} has {N0(pat[c])} patients, {N0(b.Excess)} above the maximum of {N0(b.Limit)}.",
                        false, c, comp, code, pat[c], b.Limit));
            }
            int pieces = p.Graph.CountPieces(assign, c, stack, mark, c + 1);
            if (pieces > 1)
                list.Add(new Infeasibility(InfeasibilityKind.NotContiguous,
                    $"{who} is in {pieces} separate pieces on the neighbourhood graph.", false, c, comp, code, pieces, 1));
            foreach (var b in breaches)
            {
                double dev = b.Rule == Rule.DeprivationBalance ? Math.Abs(b.Measured - m.DepMean) : Math.Abs(b.Measured - m.SpendMean);
                if (b.Rule == Rule.DeprivationBalance)
                    list.Add(new Infeasibility(InfeasibilityKind.DeprivationBalance,
                        $"{who} has mean deprivation {F(b.Measured)}, {F(dev)} from the study area's {F(m.DepMean)}; allowed {rules.Deprivation} (±{F(b.Limit)}).",
                        false, c, comp, code, b.Measured, b.Limit));
                else if (b.Rule == Rule.SpendBalance)
                    list.Add(new Infeasibility(InfeasibilityKind.SpendBalance,
                        $"{who} spends £{F(b.Measured)} per patient, £{F(dev)} from the study area's £{F(m.SpendMean)}; allowed {rules.Spend} (±£{F(b.Limit)}).",
                        false, c, comp, code, b.Measured, b.Limit));
                else if (b.Rule == Rule.DeprivedShare)
                    list.Add(new Infeasibility(InfeasibilityKind.DeprivedShare,
                        $"{who} has {F(100 * b.Measured)}% of its patients at practices in the more-deprived half of the study area; at least {F(100 * b.Limit)}% is required.",
                        false, c, comp, code, b.Measured, b.Limit));
            }
        }
        // Locks: every named lock in one consortium, different locks in different consortia.
        int lockNames = p.LockNames.Count;
        if (lockNames > 0)
        {
            var home = new int[lockNames];
            Array.Fill(home, -1);
            var broken = new bool[lockNames];
            var owner = new int[k];
            Array.Fill(owner, -1);
            for (int v = 0; v < m.N; v++)
            {
                int l = p.Locked[v];
                if (l < 0) continue;
                if (home[l] < 0) home[l] = assign[v];
                else if (home[l] != assign[v]) broken[l] = true;
            }
            for (int l = 0; l < lockNames; l++)
            {
                if (home[l] < 0) continue;
                if (broken[l])
                    list.Add(new Infeasibility(InfeasibilityKind.LockBroken,
                        $"The practices locked to \"{p.LockNames[l]}\" are not all in one consortium.", false, home[l]));
                else if (owner[home[l]] >= 0)
                    list.Add(new Infeasibility(InfeasibilityKind.LockBroken,
                        $"Consortium {names[home[l]]} holds practices locked to both \"{p.LockNames[owner[home[l]]]}\" and \"{p.LockNames[l]}\".", false, home[l]));
                else owner[home[l]] = l;
            }
        }
        if ((rules.MinCount is int lo && k < lo) || (rules.MaxCount is int hi && k > hi))
            list.Add(new Infeasibility(InfeasibilityKind.CountOutOfRange,
                $"The plan has {k} consortia; {(rules.MinCount is not null ? $"at least {rules.MinCount}" : "")}{(rules.MinCount is not null && rules.MaxCount is not null ? " and " : "")}{(rules.MaxCount is not null ? $"at most {rules.MaxCount}" : "")} were asked for.",
                false, Value: k, Limit: rules.MinCount is int l2 && k < l2 ? l2 : rules.MaxCount ?? double.NaN));
        return list;
    }
}
