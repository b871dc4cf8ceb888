namespace Partitioner.Api.Jobs;

/// <summary>Where a job is in its life: queued → running → succeeded | failed | cancelled.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
