namespace Partitioner.Core.Councils;

/// <summary>One council under a plan: its practices and patients and how many consortia share it (1 = kept whole).</summary>
public sealed record CouncilPieces(string Code, string Name, int Practices, double Patients, int Consortia);
