namespace Partitioner.Core.Councils;

/// <summary>
/// A council that a plan of whole councils still splits because it holds more patients than the maximum: each of its
/// connected parts above the maximum is cut into the fewest contiguous pieces of at most the maximum.
/// </summary>
/// <param name="Code">The council's code.</param>
/// <param name="Name">The council's name (the code when only codes are known).</param>
/// <param name="Patients">The council's registered patients.</param>
/// <param name="Pieces">The units it is kept in.</param>
/// <param name="NotConnected">Its practices form more than one connected part (each is cut or kept on its own).</param>
/// <param name="AboveMaximum">A part was cut because it holds more than the maximum.</param>
public sealed record CouncilSplit(string Code, string Name, double Patients, int Pieces, bool NotConnected, bool AboveMaximum);
