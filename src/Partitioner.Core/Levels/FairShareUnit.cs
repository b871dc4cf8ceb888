namespace Partitioner.Core.Levels;

/// <summary>
/// One consortium's (or federation's) spend against its fair share by need, as NHS allocations report "distance from
/// target": <see cref="DistancePercent"/> = (spend − target) / target × 100 and <see cref="DistancePerHead"/> = (spend −
/// target) / registered patients, in £. Positive = spending above its fair share. Figures cover the unit's practices with
/// a spend figure; NaN when it has none.
/// </summary>
public sealed record FairShareUnit(
    string Name, double Patients, double WeightedPatients, double Spend, double Target, double DistancePercent, double DistancePerHead);
