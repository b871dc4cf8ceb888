namespace Partitioner.Core.Levels;

/// <summary>
/// One consortium of a new plan seen from the current map: its practices and patients, those that moved in (their
/// former group's bulk went to another consortium), the former groups it draws on, its historic spend against its fair
/// share, and the budget path to fair share under the pace-of-change cap (<see cref="Path"/>[0] is the historic spend,
/// one entry a year; <see cref="YearsToFairShare"/> is null when the path does not arrive within the options' years).
/// </summary>
public sealed record TransitionUnit(
    string Name, int Practices, double Patients, int PracticesMovedIn, double PatientsMovedIn, IReadOnlyList<string> FormerGroups,
    FairShareUnit FairShare, IReadOnlyList<double> Path, int? YearsToFairShare);
