using Partitioner.Core.Rules;

namespace Partitioner.Core.Plans;

/// <summary>A rule broken by one consortium, measured: <see cref="Excess"/> is how far past the limit it is, in the rule's units.</summary>
public sealed record Violation(Rule Rule, double Measured, double Limit, double Excess, string Message);
