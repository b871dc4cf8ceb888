namespace Partitioner.Core.Rules;

/// <summary>Which number of consortia the solver prefers when the rules allow several.</summary>
public enum CountPreference
{
    /// <summary>No preference beyond the objective.</summary>
    None,
    /// <summary>As few consortia as possible.</summary>
    Fewest,
    /// <summary>As many consortia as possible.</summary>
    Most,
    /// <summary>Consortia as near <see cref="ConsortiumRules.TargetSize"/> patients as possible.</summary>
    NearestTarget,
}
