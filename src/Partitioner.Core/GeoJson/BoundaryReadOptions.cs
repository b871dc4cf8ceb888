namespace Partitioner.Core.GeoJson;

/// <summary>Limits that hold while a study boundary is read; a service can tighten them.</summary>
public sealed record BoundaryReadOptions
{
    /// <summary>Most vertices in the whole boundary. The generalised ONS boundary of all 211 CCGs of 2013 has 13,405.</summary>
    public int MaxVertices { get; init; } = 200_000;

    /// <summary>Most bytes read (32 MiB).</summary>
    public long MaxBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Most problems listed; the rest are counted.</summary>
    public int MaxProblems { get; init; } = 100;
}
