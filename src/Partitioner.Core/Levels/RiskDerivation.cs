using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>
/// How the risk model's parameters follow from practice spend data. Each practice's spend is compared with its fair
/// share (the area's spend per weighted patient × its weighted list size, or per registered patient when the data has
/// no weighting): d_j = spend_j / fair_j − 1. If per-patient costs vary with coefficient of variation cv and practices
/// differ by a practice effect of spread τ, then Var(d_j) = τ² + cv²/N_j. The practices are sorted by list size into
/// ten bands of equal count; each band's variance is measured robustly ((1.4826 × median absolute deviation)², since a
/// few practices with dispensing or premises payments lie far out) and regressed on 1 / the band's harmonic mean list
/// size: the slope is cv², the intercept τ².
/// </summary>
public sealed record RiskDerivation(
    string Basis, int Practices, double SpendPerUnit, IReadOnlyList<RiskBand> Bands, double PerPatientCv, double PracticeSd)
{
    /// <summary>The number of size bands.</summary>
    public const int BandCount = 10;

    /// <summary>
    /// Derives the parameters from <paramref name="practices"/> with a spend figure (at least 50), those
    /// <paramref name="include"/> accepts (e.g. open practices only: a practice closed during the year has a part-year
    /// spend). The basis is the weighted list size when at least 90% of them have one (the others are then left out).
    /// </summary>
    public static RiskDerivation Derive(PracticeSet practices, Func<Practice, bool>? include = null)
    {
        var used = new List<Practice>();
        foreach (var p in practices.Practices)
            if (double.IsFinite(p.Spend) && p.Patients > 0 && (include is null || include(p))) used.Add(p);
        int withWeights = used.Count(HasWeight);
        bool weighted = withWeights >= 0.9 * used.Count;
        if (weighted) used.RemoveAll(p => !HasWeight(p));
        if (used.Count < 5 * BandCount)
            throw new InputException("practices", "spend", used.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Deriving the risk model needs at least {5 * BandCount} practices with a spend figure. Give the parameters instead.");
        return Fit(used, weighted);
    }

    /// <summary>
    /// How far the derived cv could be off: the 5th, 50th and 95th percentiles of cv over <paramref name="resamples"/>
    /// bootstrap resamples of the practices (drawn with replacement, seeded).
    /// </summary>
    public static (double P5, double Median, double P95) Bootstrap(PracticeSet practices, int resamples, int seed, Func<Practice, bool>? include = null)
    {
        var first = Derive(practices, include);
        var used = new List<Practice>();
        foreach (var p in practices.Practices)
            if (double.IsFinite(p.Spend) && p.Patients > 0 && (include is null || include(p)) && (first.Basis != "weighted_list_size" || HasWeight(p))) used.Add(p);
        var random = new Random(seed);
        var cvs = new double[resamples];
        var sample = new List<Practice>(used.Count);
        for (int b = 0; b < resamples; b++)
        {
            sample.Clear();
            for (int i = 0; i < used.Count; i++) sample.Add(used[random.Next(used.Count)]);
            cvs[b] = Fit(sample, first.Basis == "weighted_list_size").PerPatientCv;
        }
        Array.Sort(cvs);
        return (cvs[(int)(0.05 * (resamples - 1))], cvs[(resamples - 1) / 2], cvs[(int)Math.Ceiling(0.95 * (resamples - 1))]);
    }

    private static bool HasWeight(Practice p) => p.WeightedPatients > 0 && double.IsFinite(p.WeightedPatients);

    private static RiskDerivation Fit(List<Practice> used, bool weighted)
    {
        used = new List<Practice>(used);
        double spend = 0, units = 0;
        foreach (var p in used) { spend += p.Spend; units += weighted ? p.WeightedPatients : p.Patients; }
        double rate = spend / units;
        used.Sort((a, b) => a.Patients != b.Patients ? a.Patients.CompareTo(b.Patients) : string.CompareOrdinal(a.Code, b.Code));

        var bands = new List<RiskBand>(BandCount);
        var x = new double[BandCount];
        var y = new double[BandCount];
        for (int b = 0; b < BandCount; b++)
        {
            int from = b * used.Count / BandCount, to = (b + 1) * used.Count / BandCount;
            var deviation = new double[to - from];
            double inverse = 0;
            for (int i = from; i < to; i++)
            {
                var p = used[i];
                deviation[i - from] = p.Spend / (rate * (weighted ? p.WeightedPatients : p.Patients)) - 1;
                inverse += 1 / p.Patients;
            }
            double median = Median(deviation);
            var absolute = new double[deviation.Length];
            for (int i = 0; i < deviation.Length; i++) absolute[i] = Math.Abs(deviation[i] - median);
            double sd = 1.4826 * Median(absolute);
            double harmonic = deviation.Length / inverse;
            bands.Add(new RiskBand(deviation.Length, used[from].Patients, used[to - 1].Patients, harmonic, median, sd));
            x[b] = 1 / harmonic;
            y[b] = sd * sd;
        }
        var (intercept, slope) = LeastSquares(x, y);
        return new RiskDerivation(weighted ? "weighted_list_size" : "registered_patients", used.Count, rate, bands,
            Math.Sqrt(Math.Max(slope, 0)), Math.Sqrt(Math.Max(intercept, 0)));
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static (double Intercept, double Slope) LeastSquares(double[] x, double[] y)
    {
        double mx = 0, my = 0;
        for (int i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length; my /= y.Length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        double slope = sxx > 0 ? sxy / sxx : 0;
        return (my - slope * mx, slope);
    }
}
