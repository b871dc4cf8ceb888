using System.Runtime.CompilerServices;
using Partitioner.Core.Rules;
using Partitioner.Core.Statistics;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// One consortium's contribution to the objective and to the violation, from its running sums. Shared by the
/// incremental state and the full calculator, so both mean the same thing by "score".
/// </summary>
internal static class ScoreTerms
{
    /// <summary>Compactness (moment of inertia / total patients, km²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Compactness(in ConsortiumSums s, SearchData m)
    {
        if (s.P <= 0) return 0;
        double i = s.Pq - (s.Px * s.Px + s.Py * s.Py) / s.P;
        return (i > 0 ? i : 0) / m.TotalP;
    }

    /// <summary>Squared relative deviation of the consortium's means from the area's (before dividing by the count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Spread(in ConsortiumSums s, SearchData m)
    {
        double r = 0;
        if (s.DepW > 1e-9) { double d = (s.DepPd / s.DepW - m.DepMean) / m.DepScale; r += d * d; }
        if (s.SpendW > 1e-9) { double d = (s.Spend / s.SpendW - m.SpendMean) / m.SpendScale; r += d * d; }
        return r;
    }

    /// <summary>The consortium's share of the plan's patient-weighted mean overspend probability beyond the reserve.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Risk(in ConsortiumSums s, SearchData m) =>
        s.P > 0 ? s.P / m.TotalP * NormalDistribution.UpperTailFast(m.RiskScale * Math.Sqrt(s.P)) : 0;

    /// <summary>The consortium's objective term: compactness plus its share of the weighted spread and risk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Objective(in ConsortiumSums s, SearchData m, double invCount)
    {
        double o = Compactness(s, m);
        if (m.SpreadWeight != 0) o += m.SpreadWeight * invCount * Spread(s, m);
        if (m.RiskWeight != 0) o += m.RiskWeight * Risk(s, m);
        return o;
    }

    /// <summary>
    /// Search guidance, not part of the reported score: the squared deviation of the consortium's means in units of the
    /// tolerance, scaled to the violation's units (so its slope at the tolerance edge is 2 × the violation's slope beyond
    /// it). It gives feasible consortia a reason to move towards the area mean, which makes room for deprived or
    /// affluent neighbours: repeated pairwise re-balancing then diffuses an imbalance across several consortia.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Guide(in ConsortiumSums s, SearchData m)
    {
        double g = 0;
        if (m.DepRule && s.DepW > 1e-9)
        {
            double z = (s.DepPd / s.DepW - m.DepMean) * m.DepInvTol;
            g += m.DepTolRel * z * z;
        }
        if (m.SpendRule && s.SpendW > 1e-9)
        {
            double z = (s.Spend / s.SpendW - m.SpendMean) * m.SpendInvTol;
            g += m.SpendTolRel * z * z;
        }
        return g;
    }

    /// <summary>Largest deviation of the consortium's means in units of their tolerance (0 when no balance rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WorstZ(in ConsortiumSums s, SearchData m)
    {
        double z = 0;
        if (m.DepRule && s.DepW > 1e-9) z = Math.Abs(s.DepPd / s.DepW - m.DepMean) * m.DepInvTol;
        if (m.SpendRule && s.SpendW > 1e-9) z = Math.Max(z, Math.Abs(s.Spend / s.SpendW - m.SpendMean) * m.SpendInvTol);
        return z;
    }

    /// <summary>
    /// Normalised violation of one consortium (<see cref="RuleCheck.Violation"/>, from the running sums): population
    /// outside the rules' bounds (relative to the bound), balance deviation beyond tolerance (relative to the area mean)
    /// and deprived-share shortfall.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Violation(in ConsortiumSums s, SearchData m)
    {
        var r = m.Check;
        double v = r.PopulationViolation(s.P);
        if (m.DepRule && s.DepW > 1e-9) v += r.DeprivationExcess(s.DepPd / s.DepW - m.DepMean) / m.DepScale;
        if (m.SpendRule && s.SpendW > 1e-9) v += r.SpendExcess(s.Spend / s.SpendW - m.SpendMean) / m.SpendScale;
        if (m.ShareRule && s.P > 0) v += r.ShareShortfall(s.DeprivedP / s.P);
        return v;
    }

    /// <summary>
    /// <see cref="Objective"/>, <see cref="Violation"/> and <see cref="Guide"/> in one pass, dividing for each mean
    /// once (the move loop needs all three for two consortia per evaluated move). Same arithmetic, same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void All(in ConsortiumSums s, SearchData m, double invCount, out double objective, out double violation, out double guide)
    {
        var r = m.Check;
        double o = Compactness(s, m), v = r.PopulationViolation(s.P), g = 0, spread = 0;
        if (s.DepW > 1e-9)
        {
            double dev = s.DepPd / s.DepW - m.DepMean;
            double d = dev / m.DepScale;
            spread += d * d;
            if (m.DepRule)
            {
                v += r.DeprivationExcess(dev) / m.DepScale;
                double z = dev * m.DepInvTol;
                g += m.DepTolRel * z * z;
            }
        }
        if (s.SpendW > 1e-9)
        {
            double dev = s.Spend / s.SpendW - m.SpendMean;
            double d = dev / m.SpendScale;
            spread += d * d;
            if (m.SpendRule)
            {
                v += r.SpendExcess(dev) / m.SpendScale;
                double z = dev * m.SpendInvTol;
                g += m.SpendTolRel * z * z;
            }
        }
        if (m.ShareRule && s.P > 0) v += r.ShareShortfall(s.DeprivedP / s.P);
        if (m.SpreadWeight != 0) o += m.SpreadWeight * invCount * spread;
        if (m.RiskWeight != 0) o += m.RiskWeight * Risk(s, m);
        objective = o;
        violation = v;
        guide = g;
    }
}
