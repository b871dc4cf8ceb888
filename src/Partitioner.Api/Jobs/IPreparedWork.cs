namespace Partitioner.Api.Jobs;

/// <summary>A stored job read back and prepared for its work items (see <see cref="IJobWork"/>).</summary>
public interface IPreparedWork
{
    /// <summary>How many work items the job has.</summary>
    int Items { get; }
}
