using Partitioner.Core.Bounds;

namespace Partitioner.Core.Studies;

/// <summary>What a sweep's bands share (<see cref="BandSweep.Prepare"/>): the study, the proven bounds and the bands to solve.</summary>
/// <param name="Study">The study prepared at the first band (its rules are replaced per band).</param>
/// <param name="Bounds">The balance bounds under the request's size rules.</param>
/// <param name="Bands">The bands resolved against the bound, in the order they are reported.</param>
/// <param name="Floors">Whether each band solved also gets its inertia floor.</param>
public sealed record SweepSetup(Study Study, BandBounds Bounds, IReadOnlyList<double> Bands, bool Floors = false);
