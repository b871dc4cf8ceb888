using System.Runtime.CompilerServices;

namespace Partitioner.Core.Rules;

/// <summary>
/// The one check of a consortium against the rules (population bounds, deprivation and spend balance, deprived share),
/// from its totals, with one tolerance. The plan evaluation, the solver's scoring, its final check and the exact models
/// all use it, so a plan the solver calls valid is valid in every report. Contiguity, locks and the count are properties
/// of a plan, not of one consortium's totals, and are checked by their callers. Immutable; thread-safe.
/// </summary>
public sealed class RuleCheck
{
    /// <summary>
    /// The tolerance of every rule, relative to the limit's scale: a value breaks its limit only when past it by more than
    /// this share (population: of the bound; balance: of the area mean; share: absolute). It absorbs the rounding of sums
    /// taken in a different order; every real breach is far larger.
    /// </summary>
    public const double Tolerance = 1e-9;

    private readonly double _minLimit, _maxLimit, _deprivationSlack, _spendSlack;

    public RuleCheck(ConsortiumRules rules, AreaBaseline area)
    {
        Rules = rules;
        Area = area;
        MinPatients = rules.MinPatients;
        MaxPatients = rules.MaxPatients;
        _minLimit = Lowest(MinPatients);
        _maxLimit = Highest(MaxPatients);
        DeprivationRule = rules.Deprivation is not null && area.DeprivationPatients > 0;
        SpendRule = rules.Spend is not null && area.SpendPatients > 0;
        ShareRule = rules.MinDeprivedShare is > 0;
        DeprivationMean = area.DeprivationPatients > 0 ? area.Deprivation : 0;
        SpendMean = area.SpendPatients > 0 ? area.SpendPerPatient : 0;
        DeprivationScale = area.DeprivationScale;
        SpendScale = area.SpendScale;
        DeprivationAllowed = rules.Deprivation?.AllowedDeviation(DeprivationMean) ?? 0;
        SpendAllowed = rules.Spend?.AllowedDeviation(SpendMean) ?? 0;
        _deprivationSlack = Tolerance * DeprivationScale;
        _spendSlack = Tolerance * SpendScale;
        MinShare = rules.MinDeprivedShare ?? 0;
    }

    public ConsortiumRules Rules { get; }
    public AreaBaseline Area { get; }
    public double MinPatients { get; }
    public double MaxPatients { get; }

    /// <summary>A deprivation balance rule applies (set, and some practice has a score).</summary>
    public bool DeprivationRule { get; }

    /// <summary>A spend balance rule applies (set, and some practice has spend).</summary>
    public bool SpendRule { get; }

    /// <summary>A deprived-share rule applies (a positive minimum share).</summary>
    public bool ShareRule { get; }

    /// <summary>The area's mean deprivation (0 when nobody is scored).</summary>
    public double DeprivationMean { get; }

    /// <summary>The area's spend per patient (0 when no practice has spend).</summary>
    public double SpendMean { get; }

    /// <summary>Relative deviations of deprivation are measured in units of this (see <see cref="AreaBaseline.DeprivationScale"/>).</summary>
    public double DeprivationScale { get; }

    /// <summary>Relative deviations of spend are measured in units of this.</summary>
    public double SpendScale { get; }

    /// <summary>Largest allowed distance of a consortium's mean deprivation from the area's, in IMD points (0 without the rule).</summary>
    public double DeprivationAllowed { get; }

    /// <summary>Largest allowed distance of spend per patient from the area's, in £ (0 without the rule).</summary>
    public double SpendAllowed { get; }

    /// <summary>Smallest allowed deprived share (0 without the rule).</summary>
    public double MinShare { get; }

    /// <summary>Fewer patients than the minimum, beyond the tolerance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool BelowMinimum(double patients) => patients < _minLimit;

    /// <summary>More patients than the maximum, beyond the tolerance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AboveMaximum(double patients) => patients > _maxLimit;

    /// <summary>The population bounds' share of the violation: the shortfall or excess relative to the bound (0 within them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopulationViolation(double patients) =>
        BelowMinimum(patients) ? (MinPatients - patients) / MinPatients
        : AboveMaximum(patients) ? (patients - MaxPatients) / MaxPatients : 0;

    /// <summary>How far a mean deprivation <paramref name="deviation"/> from the area's lies beyond the allowed one, in IMD points (0 within it or without the rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double DeprivationExcess(double deviation)
    {
        double e = Math.Abs(deviation) - DeprivationAllowed;
        return DeprivationRule && e > _deprivationSlack ? e : 0;
    }

    /// <summary>How far a spend-per-patient <paramref name="deviation"/> from the area's lies beyond the allowed one, in £ (0 within it or without the rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double SpendExcess(double deviation)
    {
        double e = Math.Abs(deviation) - SpendAllowed;
        return SpendRule && e > _spendSlack ? e : 0;
    }

    /// <summary>How far a deprived <paramref name="share"/> falls short of the minimum (0 when it meets it or without the rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ShareShortfall(double share)
    {
        double e = MinShare - share;
        return ShareRule && e > Tolerance ? e : 0;
    }

    /// <summary>
    /// The consortium's normalised violation, the solver's measure of how far it is from meeting the rules: population
    /// shortfall or excess relative to the bound, plus balance excess relative to the area mean's scale, plus share shortfall.
    /// 0 exactly when it breaks no rule.
    /// </summary>
    public double Violation(in ConsortiumTotals t)
    {
        double v = PopulationViolation(t.Patients);
        if (t.DeprivationPatients > 0) v += DeprivationExcess(t.DeprivationSum / t.DeprivationPatients - DeprivationMean) / DeprivationScale;
        if (t.SpendPatients > 0) v += SpendExcess(t.Spend / t.SpendPatients - SpendMean) / SpendScale;
        if (t.Patients > 0) v += ShareShortfall(t.DeprivedPatients / t.Patients);
        return v;
    }

    /// <summary>Adds every rule the consortium with totals <paramref name="t"/> breaks to <paramref name="breaches"/>.</summary>
    public void Breaches(in ConsortiumTotals t, List<RuleBreach> breaches)
    {
        if (BelowMinimum(t.Patients)) breaches.Add(new RuleBreach(Rule.BelowMinimum, t.Patients, MinPatients, MinPatients - t.Patients));
        if (AboveMaximum(t.Patients)) breaches.Add(new RuleBreach(Rule.AboveMaximum, t.Patients, MaxPatients, t.Patients - MaxPatients));
        if (t.DeprivationPatients > 0)
        {
            double mean = t.Deprivation, e = DeprivationExcess(mean - DeprivationMean);
            if (e > 0) breaches.Add(new RuleBreach(Rule.DeprivationBalance, mean, DeprivationAllowed, e));
        }
        if (t.SpendPatients > 0)
        {
            double mean = t.SpendPerPatient, e = SpendExcess(mean - SpendMean);
            if (e > 0) breaches.Add(new RuleBreach(Rule.SpendBalance, mean, SpendAllowed, e));
        }
        if (t.Patients > 0)
        {
            double share = t.DeprivedShare, e = ShareShortfall(share);
            if (e > 0) breaches.Add(new RuleBreach(Rule.DeprivedShare, share, MinShare, e));
        }
    }

    /// <summary>The least a value may be and still meet a lower bound <paramref name="min"/> (the bound less the tolerance);
    /// for bounds other than the rules' own, e.g. a connected area's or a search's relaxed ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Lowest(double min) => min - Tolerance * Math.Abs(min);

    /// <summary>The most a value may be and still meet an upper bound <paramref name="max"/> (the bound plus the tolerance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Highest(double max) => max + Tolerance * Math.Abs(max);

    /// <summary>The fewest consortia of at most <paramref name="max"/> patients that can hold <paramref name="patients"/>.</summary>
    public static int FewestParts(double patients, double max) => (int)Math.Ceiling(patients / max - Tolerance);

    /// <summary>The most consortia of at least <paramref name="min"/> patients that <paramref name="patients"/> can fill.</summary>
    public static int MostParts(double patients, double min) => (int)Math.Floor(patients / min + Tolerance);
}
