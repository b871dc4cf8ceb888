using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Statistics;

namespace Partitioner.Core.Levels;

/// <summary>
/// The overspend-risk model. A group of practices (a consortium, a federation) is budgeted its expected spend
/// B = μ·N for N patients. Its year's spend is S = Σ_i X_i + Σ_j μ·N_j·ε_j: per-patient costs X_i independent with
/// mean μ and coefficient of variation <see cref="PerPatientCv"/>, plus an optional practice-level shock ε_j ~ N(0,
/// <see cref="PracticeSd"/>²) shared by practice j's N_j patients. The relative overspend R = S/B − 1 then has
/// standard deviation σ = √(cv²/N + τ²·Σ N_j²/N²) and, by the central limit theorem (exact when X_i is normal),
/// P(overspend beyond a reserve r) = P(R &gt; r) = Q(r/σ), Q the standard normal upper tail. Pooling lowers σ as
/// 1/√N: that is what federating buys. Defaults come from the real 2014/15 practice payments
/// (<see cref="RiskDerivation"/>; README "Risk pooling"). Immutable.
/// </summary>
public sealed record RiskModel
{
    /// <summary>
    /// The default per-patient coefficient of variation: the slope of the practices' squared (robust) spread of spend
    /// against fair share on 1 / list size, real England 2014/15 (see <see cref="RiskDerivation.Derive"/>).
    /// </summary>
    public const double DefaultPerPatientCv = Rules.ConsortiumRules.DefaultRiskPerPatientCv;

    /// <summary>Coefficient of variation of one patient's annual cost (sd / mean), &gt; 0.</summary>
    public double PerPatientCv { get; init; } = DefaultPerPatientCv;

    /// <summary>
    /// Standard deviation of a practice's annual cost shock as a share of its budget (0 = none, the default: the spread
    /// between practices in the data is mostly persistent, so it is budgeted rather than a year's risk).
    /// </summary>
    public double PracticeSd { get; init; }

    /// <summary>The reserves the risk is reported for, as shares of the budget (default 1% and 2%).</summary>
    public IReadOnlyList<double> Reserves { get; init; } = [0.01, 0.02];

    /// <summary>Standard deviation of the relative overspend of a group of <paramref name="patients"/> whose practices'
    /// list sizes have squares summing to <paramref name="sumOfSquares"/>.</summary>
    public double RelativeSd(double patients, double sumOfSquares)
    {
        if (!(patients > 0)) return double.NaN;
        double v = PerPatientCv * PerPatientCv / patients;
        if (PracticeSd > 0) v += PracticeSd * PracticeSd * sumOfSquares / (patients * patients);
        return Math.Sqrt(v);
    }

    /// <summary>P(a year's spend exceeds the budget by more than <paramref name="reserve"/> of it).</summary>
    public double OverspendProbability(double patients, double sumOfSquares, double reserve) =>
        NormalDistribution.UpperTail(reserve / RelativeSd(patients, sumOfSquares));

    /// <summary>
    /// The fewest patients a group needs for its overspend risk beyond <paramref name="reserve"/> to be at most
    /// <paramref name="maxProbability"/>: (cv² + τ²·n_max)·(z/r)², z the upper-tail quantile. Exact without a practice
    /// shock; with one it bounds Σ N_j² by n_max·N (n_max = <paramref name="largestPractice"/>), so it is conservative.
    /// </summary>
    public double PopulationFloor(double maxProbability, double reserve, double largestPractice)
    {
        double z = NormalDistribution.InverseUpperTail(maxProbability);
        if (z <= 0) return 0;
        double k = PerPatientCv * PerPatientCv + PracticeSd * PracticeSd * Math.Max(0, largestPractice);
        return k * (z / reserve) * (z / reserve);
    }

    /// <summary>Every problem with the parameters, worded for a planner (empty when they are usable).</summary>
    public IReadOnlyList<InputProblem> Problems(string where)
    {
        var problems = new List<InputProblem>();
        if (!(PerPatientCv > 0) || !double.IsFinite(PerPatientCv))
            problems.Add(new InputProblem(where, "risk cv", Text(PerPatientCv), "The per-patient coefficient of variation must be a positive number, e.g. 3.45."));
        if (!(PracticeSd >= 0) || !double.IsFinite(PracticeSd))
            problems.Add(new InputProblem(where, "risk practice sd", Text(PracticeSd), "The practice-level shock must be 0 or a positive share, e.g. 0.05."));
        if (Reserves.Count == 0)
            problems.Add(new InputProblem(where, "reserves", null, "Give at least one reserve, e.g. 0.01,0.02."));
        foreach (var r in Reserves)
            if (!(r > 0 && r < 1))
                problems.Add(new InputProblem(where, "reserves", Text(r), "A reserve is a share of the budget strictly between 0 and 1, e.g. 0.02 for 2%."));
        return problems;
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
