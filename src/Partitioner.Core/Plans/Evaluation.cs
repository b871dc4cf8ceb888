using Partitioner.Core.Rules;

namespace Partitioner.Core.Plans;

/// <summary>A plan measured against the rules: one entry per consortium (plan order) and a summary.</summary>
public sealed record Evaluation(Plan Plan, ConsortiumRules Rules, AreaBaseline Area, IReadOnlyList<ConsortiumMetrics> Consortia, PlanSummary Summary);
