namespace Partitioner.Core.Rules;

/// <summary>The rules a consortium can break.</summary>
public enum Rule
{
    /// <summary>Fewer patients than the minimum.</summary>
    BelowMinimum,
    /// <summary>More patients than the maximum.</summary>
    AboveMaximum,
    /// <summary>Practices not joined up on the neighbourhood graph.</summary>
    NotContiguous,
    /// <summary>Patient-weighted mean deprivation outside its tolerance.</summary>
    DeprivationBalance,
    /// <summary>Spend per patient outside its tolerance.</summary>
    SpendBalance,
    /// <summary>Too few patients at practices in the more-deprived half of the study area.</summary>
    DeprivedShare,
}
