namespace Partitioner.Core.Ensembles;

/// <summary>Where a proposal's value of one plan statistic sits among an ensemble's: its percentile (0–100, ties counted
/// half), the ensemble's 2.5th percentile, median and 97.5th percentile, and whether it lies beyond either end of that
/// central 95% (NaN figures and no flag when the proposal or the ensemble has no value).</summary>
public sealed record StatisticPercentile(string Name, double Value, double Percentile, double Low, double Median, double High)
{
    /// <summary>Below the ensemble's 2.5th or above its 97.5th percentile.</summary>
    public bool Flagged => Percentile < OutlierTest.LowPercentile || Percentile > OutlierTest.HighPercentile;
}
