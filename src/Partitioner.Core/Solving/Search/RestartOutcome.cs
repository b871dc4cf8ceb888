namespace Partitioner.Core.Solving.Search;

/// <summary>What one restart produced: its best plan (null when construction failed), scores and counters.</summary>
internal sealed class RestartOutcome
{
    public int Restart;
    public int[]? Assign;
    public int K;
    public ObjectiveBreakdown? Objective;
    public double Violation = double.PositiveInfinity;
    public long Steps, MovesEvaluated, MovesAccepted, RecomSteps, RecomAccepted;
    /// <summary>Thread time spent in ReCom steps and in everything else of the improvement loop (boundary moves).</summary>
    public double RecomSeconds, MoveSeconds;
    public TerminationReason Reason = TerminationReason.StepBudget;
    public bool Ran;
    /// <summary>Valid consortia collected (<see cref="SolverOptions.CollectPool"/>), oldest first, with their (key, size) identities.</summary>
    public List<int[]>? Pool;
    public List<(ulong Key, int Size)>? PoolIds;
}
