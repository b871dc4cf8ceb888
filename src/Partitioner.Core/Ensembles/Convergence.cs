namespace Partitioner.Core.Ensembles;

/// <summary>
/// Convergence diagnostics of a statistic recorded along several chains, as Stan, ArviZ and the redistricting tools
/// report them (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021): split R-hat (each chain cut in halves; near 1
/// when the halves agree, above 1.01 when they do not) and the effective sample size from the chains' autocorrelation
/// (Geyer's initial monotone sequence). Pure functions of the values.
/// </summary>
public static class Convergence
{
    /// <summary>The largest split R-hat the usual rule accepts.</summary>
    public const double MaxRHat = 1.01;

    /// <summary>The smallest effective sample size the usual rule accepts (100 per chain for 4 chains).</summary>
    public const double MinEffectiveSize = 400;

    /// <summary>Split R-hat of <paramref name="chains"/> (each chain's values in record order); NaN when the values are
    /// constant or a chain has fewer than 4 values.</summary>
    public static double SplitRHat(IReadOnlyList<double[]> chains)
    {
        var halves = Halves(chains);
        if (halves is null) return double.NaN;
        var (w, b, h) = Variances(halves);
        if (!(w > 0)) return double.NaN;
        double varPlus = (h - 1.0) / h * w + b / h;
        return Math.Sqrt(varPlus / w);
    }

    /// <summary>Effective sample size of <paramref name="chains"/> pooled (split halves, Geyer's initial monotone sequence
    /// on the averaged autocorrelations); NaN when the values are constant or a chain has fewer than 4 values.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<double[]> chains)
    {
        var halves = Halves(chains);
        if (halves is null) return double.NaN;
        var (w, b, h) = Variances(halves);
        if (!(w > 0)) return double.NaN;
        int m = halves.Count;
        double varPlus = (h - 1.0) / h * w + b / h;
        var means = new double[m];
        for (int j = 0; j < m; j++) means[j] = Mean(halves[j]);
        double Rho(int t)
        {
            double acov = 0;
            for (int j = 0; j < m; j++)
            {
                var x = halves[j];
                double mu = means[j], s = 0;
                for (int i = 0; i + t < h; i++) s += (x[i] - mu) * (x[i + t] - mu);
                acov += s / h;
            }
            return 1 - (w - acov / m) / varPlus;
        }
        double sum = 0, previous = double.PositiveInfinity;
        for (int t = 0; t + 1 < h; t += 2)
        {
            double pair = (t == 0 ? 1 : Rho(t)) + Rho(t + 1);
            if (pair < 0) break;
            pair = Math.Min(pair, previous);
            previous = pair;
            sum += pair;
        }
        double tau = Math.Max(-1 + 2 * sum, 1 / Math.Log10(m * (double)h));
        return m * (double)h / tau;
    }

    /// <summary>Each chain cut into two halves of equal length (the middle value of an odd chain dropped); null when a
    /// chain is too short or the chains' lengths differ by more than one.</summary>
    private static List<double[]>? Halves(IReadOnlyList<double[]> chains)
    {
        if (chains.Count == 0) return null;
        int shortest = int.MaxValue;
        foreach (var c in chains) shortest = Math.Min(shortest, c.Length);
        int h = shortest / 2;
        if (h < 2) return null;
        var halves = new List<double[]>(2 * chains.Count);
        foreach (var c in chains)
        {
            // Chains may differ in length by a record; the common length keeps every half the same size.
            halves.Add(c.AsSpan(0, h).ToArray());
            halves.Add(c.AsSpan(c.Length - h, h).ToArray());
        }
        foreach (var x in halves)
            foreach (double v in x)
                if (!double.IsFinite(v)) return null;
        return halves;
    }

    private static (double Within, double Between, int Length) Variances(List<double[]> halves)
    {
        int m = halves.Count, h = halves[0].Length;
        double grand = 0, within = 0;
        var means = new double[m];
        for (int j = 0; j < m; j++) { means[j] = Mean(halves[j]); grand += means[j]; }
        grand /= m;
        for (int j = 0; j < m; j++)
        {
            double s = 0;
            foreach (double v in halves[j]) s += (v - means[j]) * (v - means[j]);
            within += s / (h - 1);
        }
        within /= m;
        double between = 0;
        for (int j = 0; j < m; j++) between += (means[j] - grand) * (means[j] - grand);
        between *= h / (m - 1.0);
        return (within, between, h);
    }

    private static double Mean(double[] x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        return s / x.Length;
    }
}
