namespace Partitioner.Core.Bounds;

/// <summary>
/// What the relaxation proves about the consortium holding one practice: the mean nearest the area's that any
/// consortium within the size bounds holding it can reach (relaxed), how far that is from the area mean, relative to
/// the area's scale, and the area the practice can reach.
/// </summary>
/// <param name="Practice">Dense practice index.</param>
/// <param name="Band">The smallest relative band (fraction of the area's scale) a consortium holding it can meet; 0 = nothing proven.</param>
/// <param name="ClosestMean">The reachable mean nearest the area mean (NaN when <paramref name="Band"/> is 0).</param>
/// <param name="ReachablePractices">Other practices reachable from it through at most the maximum of patients.</param>
/// <param name="ReachablePatients">Their patients.</param>
public readonly record struct PracticeReach(int Practice, double Band, double ClosestMean, int ReachablePractices, double ReachablePatients);
