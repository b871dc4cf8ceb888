namespace Partitioner.Core.Practices;

/// <summary>What to do with a practice whose deprivation or spend is missing when a rule needs it.</summary>
public enum MissingValuePolicy
{
    /// <summary>Report an error naming the practices (the default).</summary>
    Error,
    /// <summary>Fill the value with the study area's patient-weighted mean.</summary>
    FillMean,
    /// <summary>Leave the practice out of that value's balance sums (it still counts for patients and contiguity).</summary>
    Exclude,
}
