namespace Partitioner.Core.Ensembles;

/// <summary>One statistic's summary over an ensemble and its convergence diagnostics (NaN where the statistic is
/// constant, e.g. the count, or missing).</summary>
public sealed record StatisticConvergence(string Name, double Mean, double StandardDeviation, double SplitRHat, double EffectiveSampleSize)
{
    /// <summary>Constant (or absent) across the ensemble: nothing to diagnose.</summary>
    public bool Constant => double.IsNaN(SplitRHat);

    /// <summary>Passes the usual rule: split R-hat at most <see cref="Convergence.MaxRHat"/> and an effective sample
    /// size of at least <see cref="Convergence.MinEffectiveSize"/> (a constant statistic passes).</summary>
    public bool Passes => Constant || (SplitRHat <= Convergence.MaxRHat && EffectiveSampleSize >= Convergence.MinEffectiveSize);
}
