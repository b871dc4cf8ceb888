namespace Partitioner.Core.Levels;

/// <summary>One unit's overspend risk: its patients, the standard deviation of its relative overspend, and the
/// probability of overspending beyond each of the model's reserves (same order as <see cref="RiskModel.Reserves"/>).</summary>
public sealed record UnitRisk(string Name, double Patients, double RelativeSd, IReadOnlyList<double> Probabilities);
