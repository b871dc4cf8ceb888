namespace Partitioner.Core.Ensembles;

/// <summary>A proposed consortium's own value of one measure (patient-weighted mean deprivation, or spend per patient in
/// £), the ensemble distribution of the same measure for the consortium holding its practices (2.5th percentile, median,
/// 97.5th percentile), the percentile of its own value (0–100, ties counted half), the flag and, when flagged, the
/// finding in words. NaN where the consortium has no value.</summary>
public sealed record OutlierMeasure(double Value, double Low, double Median, double High, double Percentile, string? Words)
{
    public bool Flagged => Words is not null;
}
