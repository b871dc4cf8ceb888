namespace Partitioner.Core.Bounds;

/// <summary>
/// What the region relaxation proves: the practices of <see cref="Practices"/> (a connected cluster of high, or low,
/// values) can only share consortia with the <see cref="ReachablePractices"/> practices within the maximum of patients of
/// them, and all of those together cannot bring the cluster's consortia within ±<see cref="Band"/> of the area mean.
/// </summary>
/// <param name="Practices">The cluster's practices (dense indices, ascending).</param>
/// <param name="Patients">Their patients.</param>
/// <param name="Mean">Their patient-weighted mean value.</param>
/// <param name="ReachablePractices">Other practices within the maximum of patients of the cluster.</param>
/// <param name="ReachablePatients">Their patients.</param>
/// <param name="Band">The smallest relative band the cluster's consortia can meet.</param>
public sealed record RegionReach(IReadOnlyList<int> Practices, double Patients, double Mean, int ReachablePractices, double ReachablePatients, double Band);
