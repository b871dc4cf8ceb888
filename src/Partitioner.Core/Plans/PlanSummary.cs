using Partitioner.Core.Councils;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Plans;

/// <summary>A plan at a glance: counts, extremes and how many consortia break each rule.</summary>
public sealed record PlanSummary
{
    public required int Consortia { get; init; }
    public required int Practices { get; init; }
    public required double Patients { get; init; }
    public required double AreaDeprivation { get; init; }
    public required double AreaSpendPerPatient { get; init; }
    public required double SmallestPatients { get; init; }
    public required double LargestPatients { get; init; }
    public required double LowestDeprivation { get; init; }
    public required double HighestDeprivation { get; init; }
    public required double WorstDeprivationDeviation { get; init; }
    public required double WorstDeprivationDeviationRelative { get; init; }
    public required double LowestSpendPerPatient { get; init; }
    public required double HighestSpendPerPatient { get; init; }
    public required double WorstSpendDeviationRelative { get; init; }
    public required double TotalInertiaKm2 { get; init; }
    public required int WithinPopulationBounds { get; init; }
    public required IReadOnlyDictionary<Rule, int> Breaking { get; init; }
    /// <summary>How the plan follows the council boundaries; null when the study has no councils.</summary>
    public Coterminosity? Coterminosity { get; init; }
    /// <summary>True when no consortium breaks any rule.</summary>
    public bool MeetsAllRules => Breaking.Values.All(v => v == 0);
}
