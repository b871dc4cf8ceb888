namespace Partitioner.Api.Jobs;

/// <summary>Names of the stored files of jobs that are not plans (read with <see cref="IJobService.File"/>).</summary>
public static class JobFiles
{
    /// <summary>A sweep's trade-off table as JSON.</summary>
    public const string SweepJson = "sweep.json";

    /// <summary>A sweep's trade-off table as CSV.</summary>
    public const string SweepCsv = "sweep.csv";
}
