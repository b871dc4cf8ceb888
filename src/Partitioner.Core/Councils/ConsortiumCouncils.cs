namespace Partitioner.Core.Councils;

/// <summary>How one consortium sits on the councils: practices without a council are left out of every figure.</summary>
/// <param name="Councils">Councils it holds practices of.</param>
/// <param name="MainCouncil">The code of the council holding most of its patients (null when none of its practices has a council).</param>
/// <param name="MainCouncilShare">Share (0..1) of its patients with a known council that are in <paramref name="MainCouncil"/>.</param>
/// <param name="NestsInCouncil">All its practices with a council are in one council.</param>
/// <param name="WholeCouncils">Every council it touches lies wholly inside it (it is a union of whole councils).</param>
/// <param name="PracticesWithoutCouncil">Its practices whose council is not known.</param>
public sealed record ConsortiumCouncils(int Councils, string? MainCouncil, double MainCouncilShare, bool NestsInCouncil, bool WholeCouncils, int PracticesWithoutCouncil);
