namespace Partitioner.Core.Councils;

/// <summary>
/// A council bridge: joins a part of a council whose practices are not connected in the practice graph to the rest of
/// it, between the nearest two practices, so a plan of whole councils counts the council as one contiguous area.
/// </summary>
/// <param name="Council">The council's code.</param>
/// <param name="From">Practice index in the smaller part.</param>
/// <param name="To">Practice index in the rest of the council.</param>
/// <param name="FromCode">The practice code of <paramref name="From"/>.</param>
/// <param name="ToCode">The practice code of <paramref name="To"/>.</param>
/// <param name="Km">The distance between the two practices in km.</param>
public sealed record CouncilBridge(string Council, int From, int To, string FromCode, string ToCode, double Km);
