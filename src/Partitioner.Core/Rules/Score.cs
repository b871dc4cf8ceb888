using System.Runtime.CompilerServices;

namespace Partitioner.Core.Rules;

/// <summary>
/// How good a plan (or a part of one) is: first how far it is from meeting the rules (<see cref="Violation"/>, the sum
/// of <see cref="RuleCheck.Violation"/> over consortia), then the objective; lower is better for both. The one ordering of
/// plans: the search, its re-cuts, the choice between restarts and the exact models' comparisons all use it.
/// </summary>
public readonly record struct Score(double Violation, double Objective)
{
    /// <summary>Differences of a score below this share of its size (at least 1) are rounding, not improvement.</summary>
    public const double Rounding = 1e-12;

    /// <summary>A score no plan is worse than (nothing found yet).</summary>
    public static Score None => new(double.PositiveInfinity, double.NaN);

    /// <summary>Every rule met: the violation is within <see cref="RuleCheck.Tolerance"/> (rounding of running sums).</summary>
    public bool MeetsRules
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Violation <= RuleCheck.Tolerance;
    }

    /// <summary>Whether this score is strictly better than <paramref name="other"/>: less violation, or as much and a
    /// lower objective, by more than rounding. Anything is better than <see cref="None"/> (a NaN objective), and any
    /// finite objective better than an infinite one (a bound not yet met).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsBetterThan(in Score other)
    {
        if (double.IsNaN(other.Objective)) return true;
        int c = CompareViolation(Violation, other.Violation);
        if (c != 0) return c < 0;
        double o = other.Objective;
        return double.IsPositiveInfinity(o) ? Objective < o : Objective < o - Rounding * Math.Max(1, Math.Abs(o));
    }

    /// <summary>Compares two violations (−1: the first is lower), treating violations within the rules' tolerance as none
    /// and differences of rounding as no difference.</summary>
    public static int CompareViolation(double violation, double other)
    {
        double v = violation <= RuleCheck.Tolerance ? 0 : violation;
        double o = other <= RuleCheck.Tolerance ? 0 : other;
        if (double.IsPositiveInfinity(o)) return double.IsPositiveInfinity(v) ? 0 : -1;
        if (v < o - Rounding * Math.Max(1, o)) return -1;
        if (v > o + Rounding * Math.Max(1, o)) return 1;
        return 0;
    }
}
