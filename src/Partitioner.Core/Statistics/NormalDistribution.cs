namespace Partitioner.Core.Statistics;

/// <summary>
/// The standard normal distribution: tail probabilities and their inverse, accurate to about 1e-14 absolute (relative
/// 1e-12 in the far tail), for the overspend-risk model. Pure functions; thread-safe.
/// </summary>
public static class NormalDistribution
{
    private const double InvSqrtPi = 0.56418958354775628695;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>P(Z &gt; <paramref name="x"/>) for a standard normal Z.</summary>
    public static double UpperTail(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 1 - UpperTail(-x);
        return 0.5 * Erfc(x / Math.Sqrt(2));
    }

    /// <summary>P(Z ≤ <paramref name="x"/>).</summary>
    public static double Cdf(double x) => 1 - UpperTail(x);

    /// <summary>The density at <paramref name="x"/>.</summary>
    public static double Density(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>The x with P(Z &gt; x) = <paramref name="p"/>, for 0 &lt; p &lt; 1 (e.g. 0.05 → 1.6449).</summary>
    public static double InverseUpperTail(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"A tail probability must be strictly between 0 and 1, not {p}.");
        // The tail falls monotonically: bisect to a narrow bracket, then polish with Newton steps on the exact tail.
        double lo = -40, hi = 40;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (UpperTail(mid) > p) lo = mid; else hi = mid;
        }
        double x = 0.5 * (lo + hi);
        for (int i = 0; i < 3; i++)
        {
            double d = Density(x);
            if (d < 1e-300) break;
            x += (UpperTail(x) - p) / d;
        }
        return x;
    }

    /// <summary>
    /// P(Z &gt; <paramref name="x"/>) to within 1.5e-7 absolute, in a handful of operations (Abramowitz and Stegun's
    /// rational form for erfc), for the solver's objective term, which evaluates it for every move.
    /// </summary>
    public static double UpperTailFast(double x)
    {
        double t = Math.Abs(x) / Math.Sqrt(2);
        double k = 1 / (1 + 0.3275911 * t);
        double erfc = k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.Exp(-t * t);
        return x >= 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
    }

    /// <summary>The complementary error function for t ≥ 0: a power series below 2, a continued fraction above.</summary>
    private static double Erfc(double t)
    {
        if (t < 2)
        {
            // erf(t) = 2/√π Σ (−1)^n t^(2n+1) / (n! (2n+1)); 40 terms reach double precision for t < 2.
            double term = t, sum = t, t2 = t * t;
            for (int n = 1; n < 60; n++)
            {
                term *= -t2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return 1 - 2 * InvSqrtPi * sum;
        }
        if (t > 27) return 0;
        // erfc(t) = e^(−t²)/√π · 1/(t + (1/2)/(t + (2/2)/(t + (3/2)/(t + …)))), evaluated from the tail up.
        double f = t;
        for (int k = 80; k >= 1; k--) f = t + 0.5 * k / f;
        return Math.Exp(-t * t) * InvSqrtPi / f;
    }
}
