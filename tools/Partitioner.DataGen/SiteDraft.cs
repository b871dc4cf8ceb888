namespace Partitioner.DataGen;

/// <summary>Where a practice will sit and what its surroundings say about deprivation.</summary>
/// <param name="Location">Surgery position.</param>
/// <param name="BaseImd">Typical IMD of the town it belongs to (ignored when rural).</param>
/// <param name="Closeness">1 at the town centre falling towards 0 in the suburbs.</param>
/// <param name="Rural">True for scattered rural practices.</param>
public readonly record struct SiteDraft(LatLon Location, double BaseImd, double Closeness, bool Rural);
