namespace Partitioner.Core.Ensembles;

/// <summary>A group of practices (indices into the ensemble's practice codes) that share one consortium in
/// <see cref="Together"/> of the recorded plans (a share, 0..1); <see cref="PairThreshold"/> is the pairwise share its
/// neighbouring members were joined at.</summary>
public sealed record StableCore(int[] Practices, double Together, double PairThreshold);
