namespace Partitioner.Core.Studies;

/// <summary>One band of a sweep: how the plan solved at that band came out.</summary>
/// <param name="Band">Deprivation and spend tolerance, relative to the area mean (0.2 = ±20%).</param>
/// <param name="Status">met (every rule), best_effort (a plan breaking rules), no_plan (strict, none found) or
/// impossible (the band is below the proven bound; not solved).</param>
/// <param name="Consortia">Consortia of the plan (0 without one).</param>
/// <param name="InertiaKm2">Total moment of inertia, patient·km² (NaN without a plan).</param>
/// <param name="MedianPolsbyPopper">Median Polsby–Popper compactness of the consortia (NaN without a plan).</param>
/// <param name="WorstDeprivation">Largest relative deviation of a consortium's mean deprivation (NaN without a plan).</param>
/// <param name="WorstSpend">Largest relative deviation of a consortium's spend per patient (NaN without a plan).</param>
/// <param name="RulesBroken">Consortia breaking a rule.</param>
/// <param name="CouncilsSplit">Councils split by the plan (null without councils or a plan).</param>
/// <param name="PatientsInWholeCouncils">Share of patients whose council lies wholly inside one consortium (null without councils or a plan).</param>
/// <param name="Seconds">Time to solve the band.</param>
/// <param name="InertiaFloorKm2">No plan meeting the band has less total inertia, patient·km² (NaN when the sweep was not
/// asked for floors, or the band is impossible).</param>
public sealed record SweepRow(
    double Band, string Status, int Consortia, double InertiaKm2, double MedianPolsbyPopper, double WorstDeprivation, double WorstSpend,
    int RulesBroken, int? CouncilsSplit, double? PatientsInWholeCouncils, double Seconds, double InertiaFloorKm2 = double.NaN);
