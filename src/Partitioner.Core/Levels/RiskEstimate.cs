namespace Partitioner.Core.Levels;

/// <summary>A Monte Carlo estimate of an overspend probability: the share of simulated years beyond the reserve, its
/// standard error √(p(1−p)/trials), and the number of trials.</summary>
public sealed record RiskEstimate(double Probability, double StandardError, int Trials);
