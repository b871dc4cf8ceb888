namespace Partitioner.DataGen;

/// <summary>A settlement that practices cluster around.</summary>
/// <param name="Name">Town name.</param>
/// <param name="Centre">Approximate town centre.</param>
/// <param name="PopulationThousands">Relative size (approximate urban population, thousands).</param>
/// <param name="BaseImd">Typical IMD score of the town (higher = more deprived).</param>
public sealed record Town(string Name, LatLon Centre, double PopulationThousands, double BaseImd)
{
    /// <summary>Spread of practices around the centre, km; grows with town size.</summary>
    public double SpreadKm => 1.5 + (1.3 * Math.Sqrt(PopulationThousands / 100.0));
}
