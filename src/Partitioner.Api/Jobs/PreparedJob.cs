using Partitioner.Api.Input;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A stored job read back and prepared: its input, its request, the study (practices and geography), how many work
/// items it has and its stored parameters (what its report lists).
/// </summary>
public sealed record PreparedJob(PlanningInput Input, StudyRequest Request, Study Study, int Items, string ParametersJson = "{}") : IPreparedWork;
