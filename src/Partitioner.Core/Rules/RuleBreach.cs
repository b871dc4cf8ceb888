namespace Partitioner.Core.Rules;

/// <summary>
/// One rule one consortium breaks: the measured value, the limit it passes and by how much (<see cref="Excess"/>, in the
/// rule's own units: patients, IMD points, £ per patient or a share).
/// </summary>
public readonly record struct RuleBreach(Rule Rule, double Measured, double Limit, double Excess);
