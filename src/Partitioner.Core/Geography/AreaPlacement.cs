namespace Partitioner.Core.Geography;

/// <summary>
/// Where each practice of a set falls among an <see cref="AreaMap"/>'s polygons (<see cref="AreaMap.Place"/>): areas
/// are numbered in order of their first practice.
/// </summary>
/// <param name="AreaOf">Area number per practice; -1 for a practice farther than
/// <see cref="AreaMap.NearestWithinMetres"/> outside every polygon.</param>
/// <param name="Polygons">The map's polygon index of each area number.</param>
/// <param name="Off">The practices outside every polygon, in practice order: given the nearest (<c>Nearest</c>), or
/// none.</param>
/// <param name="Unused">The map's polygons that hold no practice, in map order.</param>
public sealed record AreaPlacement(int[] AreaOf, IReadOnlyList<int> Polygons, IReadOnlyList<(int Practice, bool Nearest)> Off, IReadOnlyList<int> Unused);
