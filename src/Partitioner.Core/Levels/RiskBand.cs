namespace Partitioner.Core.Levels;

/// <summary>
/// One size band of the risk derivation: its practices, their harmonic mean list size, and the robust spread (1.4826 ×
/// median absolute deviation) of their spend relative to fair share.
/// </summary>
public sealed record RiskBand(int Practices, double SmallestList, double LargestList, double HarmonicMeanList, double MedianDeviation, double RobustSd);
