namespace Partitioner.DataGen;

/// <summary>Places practice sites around towns or in rural scatter inside an outline.</summary>
/// <param name="random">The run's seeded random source.</param>
/// <param name="outline">Area every site must fall within.</param>
/// <param name="marginKm">Minimum distance from the outline's edge.</param>
public sealed class SitePlacement(Random random, Outline outline, double marginKm)
{
    private const int MaxAttempts = 10_000;

    /// <summary>A site near <paramref name="town"/> (Gaussian spread), resampled until inside.</summary>
    public SiteDraft NearTown(Town town)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            double east = town.SpreadKm * random.NextGaussian();
            double north = town.SpreadKm * random.NextGaussian();
            var p = town.Centre.OffsetKm(east, north);
            if (!Accepts(p)) continue;
            double r2 = ((east * east) + (north * north)) / (town.SpreadKm * town.SpreadKm);
            return new SiteDraft(p, town.BaseImd, Math.Exp(-r2 / 2.0), Rural: false);
        }
        throw new InvalidOperationException(
            $"Could not place a practice near {town.Name} ({town.Centre}) inside the outline; move the town inland.");
    }

    /// <summary>A uniformly scattered rural site inside the outline.</summary>
    public SiteDraft Rural()
    {
        var (minLat, minLon, maxLat, maxLon) = outline.Bounds();
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var p = new LatLon(minLat + (random.NextDouble() * (maxLat - minLat)), minLon + (random.NextDouble() * (maxLon - minLon)));
            if (Accepts(p)) return new SiteDraft(p, 0, 0, Rural: true);
        }
        throw new InvalidOperationException("Could not place a rural practice inside the outline.");
    }

    private bool Accepts(LatLon p) => outline.Contains(p) && (marginKm <= 0 || outline.DistanceToEdgeKm(p) >= marginKm);
}
