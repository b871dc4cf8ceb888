using Partitioner.Core.Plans;

namespace Partitioner.Core.Levels;

/// <summary>
/// The plan a moves budget allowed: consortia named and numbered as the current map's groups, the practices and patients
/// moved (each away from its former group's consortium), the total violation (the rule check's normalised measure, 0 =
/// every rule met) before and after, and the moves made (a practice moved twice, or back, counts each time).
/// </summary>
public sealed record MovesBudgetResult(Plan Plan, int PracticesMoved, double PatientsMoved, double ViolationBefore, double ViolationAfter, int Moves);
