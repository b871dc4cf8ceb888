namespace Partitioner.Core.Studies;

/// <summary>
/// The ranges a front end accepts for a <see cref="StudyRequest"/>'s solver options, checked before any work starts.
/// The defaults suit the command line on one machine; a service sets its own from configuration.
/// </summary>
public sealed record RequestLimits
{
    /// <summary>Longest time limit, in seconds.</summary>
    public double MaxTimeLimitSeconds { get; init; } = 7 * 24 * 3600;

    /// <summary>Most restarts.</summary>
    public int MaxRestarts { get; init; } = 64;

    /// <summary>Most worker threads.</summary>
    public int MaxThreads { get; init; } = 256;

    /// <summary>Largest step budget per restart.</summary>
    public long MaxSteps { get; init; } = 100_000_000_000;

    /// <summary>Largest population bound, in patients (England has about 60 million).</summary>
    public double MaxPatients { get; init; } = 1_000_000_000;

    /// <summary>Largest count of consortia that may be asked for.</summary>
    public int MaxCount { get; init; } = 1_000_000;
}
