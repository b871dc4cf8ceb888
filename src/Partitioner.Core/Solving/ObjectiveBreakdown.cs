namespace Partitioner.Core.Solving;

/// <summary>
/// The objective of a plan (lower is better) and its parts:
/// <c>Total = Compactness + SpreadWeight × Spread + (DisruptionWeight × Disruption + RiskWeight × Risk) × the reference
/// compactness (<c>ObjectiveScale</c>) + Boundary</c>.
/// </summary>
/// <param name="Total">Weighted sum of the parts.</param>
/// <param name="Compactness">
/// Patient-weighted mean squared distance, in km², from a patient's practice to its consortium's patient-weighted
/// centre (sum over consortia of the moment of inertia, divided by total patients).
/// </param>
/// <param name="Spread">
/// Mean over consortia of the squared relative deviation of the consortium's mean deprivation (and, added, spend per
/// patient) from the study area's mean; 0 when no consortium deviates.
/// </param>
/// <param name="Disruption">
/// Share (0..1) of patients "separated from their former group-mates": each practice counts its patients times the
/// share of its existing group's patients that are not in its consortium. 0 when every existing group sits wholly in
/// one consortium. Chosen because it changes in O(1) per move.
/// </param>
/// <param name="Risk">
/// Patient-weighted mean probability (0..1) that a consortium overspends its budget by more than the risk reserve
/// (<see cref="Rules.ConsortiumRules.RiskReserve"/>), under the per-patient cost model; 0 when the risk term is off.
/// </param>
/// <param name="Boundary">
/// The weighted boundary term: BoundaryWeight × the length of the borders between consortia in km × a scale that makes
/// it equal to the compactness of a plan of round, equal consortia (see <see cref="Rules.ConsortiumRules.BoundaryWeight"/>);
/// 0 when the weight is 0.
/// </param>
/// <param name="BorderKm">Length of the borders between consortia, km (0 when no border lengths were given).</param>
public sealed record ObjectiveBreakdown(double Total, double Compactness, double Spread, double Disruption, double Risk = 0, double Boundary = 0, double BorderKm = 0);
