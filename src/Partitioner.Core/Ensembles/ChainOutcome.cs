namespace Partitioner.Core.Ensembles;

/// <summary>What one chain recorded: per column its values in record order, the step of each record, its plans'
/// compressed rows and hashes, how often each neighbouring pair shared a consortium, and its counters.</summary>
internal sealed class ChainOutcome
{
    public required int Chain { get; init; }
    public required double[][] Columns { get; init; }
    public required long[] RecordSteps { get; init; }
    public required AssignmentRows Rows { get; init; }
    public required ulong[] Hashes { get; init; }
    public required int[] Together { get; init; }
    public required long Steps { get; init; }
    public required long Proposals { get; init; }
    public required long Accepted { get; init; }
    public required long WalkSteps { get; init; }
    public required long StartSteps { get; init; }
    public required TimeSpan StartTime { get; init; }
    public required TimeSpan SamplingTime { get; init; }
}
