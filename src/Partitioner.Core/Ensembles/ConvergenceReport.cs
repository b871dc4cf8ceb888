using System.Globalization;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// The convergence of an ensemble's statistics across its chains, and the verdict in plain words: trusted only when every
/// statistic passes (split R-hat ≤ 1.01 and effective sample size ≥ 400); otherwise it names the statistics that fail and
/// says the ensemble is too short to trust.
/// </summary>
public sealed class ConvergenceReport
{
    private ConvergenceReport(IReadOnlyList<StatisticConvergence> statistics, string verdict)
    {
        Statistics = statistics;
        Verdict = verdict;
    }

    public IReadOnlyList<StatisticConvergence> Statistics { get; }

    /// <summary>Every statistic passes.</summary>
    public bool Trusted => Statistics.All(s => s.Passes);

    /// <summary>One or two sentences for a planner.</summary>
    public string Verdict { get; }

    /// <summary>Diagnoses every column of <paramref name="columns"/>[column][chain] (values in record order).</summary>
    public static ConvergenceReport Of(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<double[]>> columns, int chains)
    {
        var list = new List<StatisticConvergence>(names.Count);
        for (int c = 0; c < names.Count; c++)
        {
            var perChain = columns[c];
            double sum = 0, squares = 0;
            long count = 0;
            foreach (var x in perChain)
                foreach (double v in x)
                    if (double.IsFinite(v)) { sum += v; squares += v * v; count++; }
            double mean = count > 0 ? sum / count : double.NaN;
            double sd = count > 1 ? Math.Sqrt(Math.Max(0, (squares - count * mean * mean) / (count - 1))) : double.NaN;
            list.Add(new StatisticConvergence(names[c], mean, sd, Convergence.SplitRHat(perChain), Convergence.EffectiveSampleSize(perChain)));
        }
        return new ConvergenceReport(list, Words(list, chains));
    }

    private static string Words(List<StatisticConvergence> list, int chains)
    {
        var disagree = list.Where(s => !s.Constant && !(s.SplitRHat <= Convergence.MaxRHat)).ToList();
        var few = list.Where(s => !s.Constant && !(s.EffectiveSampleSize >= Convergence.MinEffectiveSize)).ToList();
        string chainWord = chains == 1 ? "the two halves of the one chain" : $"the halves of the {chains} chains";
        if (disagree.Count == 0 && few.Count == 0)
            return $"Converged by the usual rule: {chainWord} agree on every statistic (split R-hat ≤ {F(Convergence.MaxRHat)}) and every statistic has an effective sample size of at least {Convergence.MinEffectiveSize:0}.";
        var parts = new List<string>();
        if (disagree.Count > 0)
            parts.Add($"{chainWord} disagree on {Join(disagree.Select(s => $"{s.Name} (split R-hat {F(s.SplitRHat)})"))}");
        if (few.Count > 0)
            parts.Add($"{Join(few.Select(s => $"{s.Name} has an effective sample size of {s.EffectiveSampleSize:0}"))} (at least {Convergence.MinEffectiveSize:0} is needed)");
        return $"Too short to trust: {string.Join("; ", parts)}. Run longer chains (more plans, or a larger thinning interval) before reading percentiles from this ensemble.";
    }

    private static string Join(IEnumerable<string> items)
    {
        var l = items.ToList();
        return l.Count <= 1 ? string.Concat(l) : string.Join(", ", l.Take(l.Count - 1)) + " and " + l[^1];
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
