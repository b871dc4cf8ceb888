namespace Partitioner.Core.Geography;

/// <summary>
/// An edge added to join a part of the study area that touches no other part (an island, or
/// practices cut off by the boundary) to the nearest practice site elsewhere.
/// </summary>
/// <param name="FromPractice">Code of a practice at the island's end of the bridge.</param>
/// <param name="ToPractice">Code of a practice at the other end.</param>
/// <param name="DistanceMetres">Length of the bridge in metres.</param>
/// <param name="IslandPractices">Practices in the part that was joined.</param>
/// <param name="IslandPatients">Patients in the part that was joined.</param>
public sealed record Bridge(string FromPractice, string ToPractice, double DistanceMetres, int IslandPractices, double IslandPatients)
{
    public override string ToString() =>
        $"bridged a part of {IslandPractices} practice(s) and {IslandPatients:N0} patients (practice {FromPractice}) to practice {ToPractice}, {DistanceMetres / 1000:0.0} km away";
}
