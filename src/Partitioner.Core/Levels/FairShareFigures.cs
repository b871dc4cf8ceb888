namespace Partitioner.Core.Levels;

/// <summary>
/// Fair shares of a plan's units. <see cref="Basis"/> is "weighted_list_size" (need-weighted list sizes) or
/// "registered_patients" when the input has no weighting; <see cref="FilledWeights"/> practices with spend but no
/// weighted list size were given their list size × the area's weighted-to-registered ratio.
/// </summary>
public sealed record FairShareFigures(string Basis, double AreaSpend, double AreaBasis, int FilledWeights, IReadOnlyList<FairShareUnit> Units)
{
    /// <summary>The area's spend per unit of need (£ per weighted patient, or per patient).</summary>
    public double SpendPerBasis => AreaBasis > 0 ? AreaSpend / AreaBasis : double.NaN;
}
