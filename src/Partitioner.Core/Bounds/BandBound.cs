namespace Partitioner.Core.Bounds;

/// <summary>
/// A proven lower bound on the tightest balance band of one attribute: no plan within the size bounds can keep every
/// consortium's mean within ±<see cref="Band"/> (a fraction of <see cref="Scale"/>, the area mean's size) of the area
/// mean, because of the practices in <see cref="Worst"/> (each alone) or the cluster <see cref="Region"/> (together),
/// whichever proves more. 0 proves nothing.
/// </summary>
public sealed record BandBound
{
    public required BalancedAttribute Attribute { get; init; }

    /// <summary>The area's patient-weighted mean (IMD score, or £ per patient).</summary>
    public required double AreaMean { get; init; }

    /// <summary>The size relative bands are measured in (|area mean|).</summary>
    public required double Scale { get; init; }

    /// <summary>The bound, as a fraction of <see cref="Scale"/> (0.18 = ±18%); 0 when nothing is proven.</summary>
    public double Band => Math.Max(PracticeBand, Region?.Band ?? 0);

    /// <summary>The bound the practices prove one at a time (the worst of <see cref="Worst"/>).</summary>
    public double PracticeBand => Worst.Count > 0 ? Worst[0].Band : 0;

    /// <summary>True when a cluster of practices proves more than any one practice.</summary>
    public bool ForcedByRegion => (Region?.Band ?? 0) > PracticeBand;

    /// <summary>The cluster whose competition for counterweights proves the most, or null when none proves a positive band.</summary>
    public RegionReach? Region { get; init; }

    /// <summary>The bound in the attribute's units (IMD points, £ per patient).</summary>
    public double Deviation => Band * Scale;

    /// <summary>The practices that force the bound, worst first (at most ten, each with a positive bound).</summary>
    public required IReadOnlyList<PracticeReach> Worst { get; init; }

    /// <summary>Practices whose own bound is positive.</summary>
    public required int PracticesBounded { get; init; }
}
