using Partitioner.Api.Input;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>A stored job read back and prepared: its input, its request, the study (practices and geography) and how many work items it has.</summary>
public sealed record PreparedJob(PlanningInput Input, StudyRequest Request, Study Study, int Items) : IPreparedWork;
