namespace Partitioner.Core.Levels;

/// <summary>The distribution of one patient's annual cost in a Monte Carlo run of the risk model.</summary>
public enum PatientCostDistribution
{
    /// <summary>Normal: a practice's patients' total is then exactly normal, as the analytic model assumes.</summary>
    Normal,

    /// <summary>Gamma with the same mean and coefficient of variation: skewed like real costs (a few patients cost a lot).</summary>
    Gamma,
}
