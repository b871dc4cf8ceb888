using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Levels;

/// <summary>
/// One level of a nested plan: its units as a practice-level <see cref="Plan"/> (practice → unit), measured by the
/// one plan evaluation against the level's rules, and, for levels the solver grouped, the solver's result over the
/// units of the level below (null when the level was given, e.g. the real ICBs, or is the consortium plan itself).
/// </summary>
public sealed record PlanLevel(LevelKind Kind, Plan Plan, Evaluation Evaluation, SolveResult? Result = null, string? Source = null)
{
    /// <summary>The level's name in reports, singular and plural.</summary>
    public (string One, string Many) Name => LevelRules.Name(Kind);
}
