namespace Partitioner.Core.Levels;

/// <summary>One group of the current map (e.g. a CCG): the consortium that takes most of its patients (its successor),
/// and the practices and patients that go elsewhere.</summary>
public sealed record FormerGroup(string Name, int Practices, double Patients, string Successor, int PracticesMovedOut, double PatientsMovedOut);
