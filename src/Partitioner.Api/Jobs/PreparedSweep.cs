using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>A sweep read back and prepared: its request (each band replaces the balance), the shared setup and its item count.</summary>
public sealed record PreparedSweep(StudyRequest Request, SweepSetup Setup, int Items) : IPreparedWork;
