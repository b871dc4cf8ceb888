namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>
/// A single-practice move as <see cref="PartitionState.EvaluateMove"/> measured it: practice <see cref="Practice"/> from
/// consortium <see cref="From"/> to <see cref="To"/>, the two consortia's sums and score terms after the move, and the
/// changes of the objective, the violation and the search guidance. <see cref="PartitionState.ApplyMove"/> applies it
/// without measuring again. Valid only until the state next changes.
/// </summary>
internal struct MoveDelta
{
    public int Practice, From, To;
    public ConsortiumSums SumsFrom, SumsTo;
    public double ObjFrom, ObjTo, ViolFrom, ViolTo, GuideFrom, GuideTo;
    /// <summary>Changes of the objective (with disruption), of the violation and of the guidance.</summary>
    public double Objective, Violation, Guide;
}
