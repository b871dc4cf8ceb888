namespace Partitioner.DataGen;

/// <summary>A synthetic GP practice as written to the bundled datasets.</summary>
/// <param name="Code">Unique practice code, e.g. <c>Y00001</c>.</param>
/// <param name="Name">Practice name (not unique).</param>
/// <param name="Location">Surgery position, WGS84.</param>
/// <param name="ListSize">Registered patients.</param>
/// <param name="WeightedListSize">Need-weighted list size (like the NHS's Carr-Hill weighted list size).</param>
/// <param name="ImdScore">Deprivation score, higher = more deprived.</param>
/// <param name="Spend">Annual spend, £.</param>
/// <param name="Dispensing">Whether the practice dispenses (region dataset only).</param>
/// <param name="CcgCode">Synthetic grouping code.</param>
public sealed record Practice(
    string Code, string Name, LatLon Location, int ListSize, int WeightedListSize, double ImdScore, double Spend, bool Dispensing, string CcgCode);
