using Partitioner.Core.Solving;

namespace Partitioner.Core.Levels;

/// <summary>What grouping one level gave: the solver's result over the units below, and the level (null when strict
/// mode found no grouping meeting the level's rules; <see cref="SolveResult.Issues"/> say why).</summary>
public sealed record LevelSolution(SolveResult Result, PlanLevel? Level);
