namespace Partitioner.Core.Bounds;

/// <summary>Lower bounds on the tightest deprivation and spend bands, computed before solving.</summary>
/// <param name="Deprivation">The deprivation bound (null when no practice has a deprivation score).</param>
/// <param name="Spend">The spend-per-patient bound (null when no practice has spend).</param>
/// <param name="MinPatients">The consortium size bounds the relaxation used.</param>
/// <param name="MaxPatients">The largest consortium, in patients.</param>
/// <param name="Elapsed">Time to compute both.</param>
public sealed record BandBounds(BandBound? Deprivation, BandBound? Spend, double MinPatients, double MaxPatients, TimeSpan Elapsed)
{
    /// <summary>The tightest band both attributes can share: the larger of the two bounds.</summary>
    public double Band => Math.Max(Deprivation?.Band ?? 0, Spend?.Band ?? 0);

    /// <summary>The bound of <paramref name="attribute"/>, or null.</summary>
    public BandBound? Of(BalancedAttribute attribute) => attribute == BalancedAttribute.Deprivation ? Deprivation : Spend;
}
