using System.Text.Json.Nodes;
using Partitioner.Core.Plans;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// What a solve of a study gave: the problem that was solved, the solver's result, and (unless strict mode found no
/// plan) the plan and its evaluation; <see cref="SolverSection"/> is the report's "solver" section.
/// </summary>
public sealed record StudySolution(Problem Problem, SolveResult Result, Plan? Plan, Evaluation? Evaluation, JsonObject SolverSection);
