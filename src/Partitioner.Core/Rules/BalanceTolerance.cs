namespace Partitioner.Core.Rules;

/// <summary>A balance tolerance for one attribute.</summary>
public sealed record BalanceTolerance(double Value, ToleranceKind Kind)
{
    /// <summary>The allowed absolute deviation given the area mean.</summary>
    public double AllowedDeviation(double areaMean) => Kind == ToleranceKind.Relative ? Value * Math.Abs(areaMean) : Value;

    public override string ToString() => Kind == ToleranceKind.Relative
        ? $"±{Value * 100:0.##}% of the area mean"
        : $"±{Value:0.###}";
}
