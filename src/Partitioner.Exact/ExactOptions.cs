namespace Partitioner.Exact;

/// <summary>Options for the CBC-based exact modes. Immutable.</summary>
public sealed record ExactOptions
{
    /// <summary>Default options: 60 s, proven optimality, silent CBC.</summary>
    public static ExactOptions Default { get; } = new();

    /// <summary>Wall-clock limit for CBC's branch-and-cut.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Optional starting plan: consortium index per practice (any non-negative labels; one consortium per label).
    /// CBC verifies it and ignores it when it breaks a rule.
    /// </summary>
    public int[]? WarmStart { get; init; }

    /// <summary>Stop when (objective − bound) / objective is at most this (0 = CBC's default, i.e. prove optimality).</summary>
    public double RelativeGap { get; init; }

    /// <summary>CBC log level (0 = silent; 1 or more prints CBC's progress to stdout, for debugging).</summary>
    public int LogLevel { get; init; }

    /// <summary>CBC threads (1 = deterministic; the Debian build may ignore more).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Extra CBC parameters as on CBC's command line without the dash, e.g. ("cuts", "off"); applied last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CbcParameters { get; init; } = [];

    /// <summary>Largest instance exact mode accepts; larger ones belong to the heuristic solver or <see cref="PoolRecombination"/>.</summary>
    public int MaxPractices { get; init; } = 250;
}
